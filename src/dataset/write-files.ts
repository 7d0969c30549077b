import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { tableFromJSON, tableToIPC } from 'apache-arrow';
import type { TelemetryLog } from '../series/types.js';
import { layoutLogs } from '../table/blocks.js';
import { writeParquet } from '../table/write-parquet.js';
import { createRequire } from 'node:module';
import type { RunRow } from './run-rows.js';

/** Writes one log's samples (long form, `run` = the log's name) as a Parquet file at `path`. */
export async function writeSamplesParquet(log: TelemetryLog, name: string, path: string): Promise<void> {
  const parts: Uint8Array[] = [];
  await writeParquet(layoutLogs([log], { labels: [name] }), async (b) => void parts.push(b));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.concat(parts));
}

/** Writes `runs` rows as a Parquet file at `path` (Snappy, through Arrow). */
export function writeRunsParquet(rows: readonly RunRow[], path: string): void {
  const pw = createRequire(import.meta.url)('parquet-wasm/node') as typeof import('parquet-wasm/node');
  const table = pw.Table.fromIPCStream(tableToIPC(tableFromJSON(rows as unknown as Record<string, unknown>[]), 'stream'));
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).setCreatedBy('mc2-telemetry').build();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, pw.writeParquet(table, props));
}
