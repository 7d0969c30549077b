import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromCSV } from 'arquero';
import { tableFromIPC } from '@uwdata/flechette';
import { parquetReadObjects } from 'hyparquet';
import { readLog } from '../src/series/read-log.js';
import { METRIC_KEYS } from '../src/parse/fields.js';
import { exportLogs, type ExportFormat } from '../src/table/export-logs.js';
import { csvCell } from '../src/table/csv-cell.js';
import type { TelemetryLog } from '../src/series/types.js';
import { CAPTURES_DIR, CAPTURES_SKIP_REASON, HAVE_CAPTURES } from './helpers/corpus.js';
import { synthLog } from './helpers/synth-log.js';

const T0 = Date.UTC(2026, 10, 23, 19, 0, 0);

async function exportBytes(logs: TelemetryLog | TelemetryLog[], format: ExportFormat, wide = false, labels?: string[]): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  await exportLogs(logs, { format, wide, labels }, out);
  out.end();
  return Buffer.concat(parts);
}

/** 2 GPUs, 4 s, a formula-looking GPU name, TX missing on GPU 1 at t = 1, a throttle flag at t = 3. */
async function smallLog(): Promise<TelemetryLog> {
  return readLog({
    text: synthLog({
      gpus: [
        { uuid: 'GPU-a', name: '=SUM(1,2)' },
        { uuid: 'GPU-b', name: 'Tesla "K80"' },
      ],
      seconds: 4,
      state: (t, g) => ({
        powerW: g ? 8 + t : 70.5 + t,
        utilPct: 10 * t,
        txKBps: g === 1 && t === 1 ? null : 100 * t,
        activeFlags: t === 3 ? ['sw_power_cap'] : [],
      }),
    }),
    name: 'small.xml',
  });
}

/** The expected long-form value of `column` at row `i` (GPU blocks in order), straight from the series. */
function expected(log: TelemetryLog, column: string): number[] {
  const out: number[] = [];
  for (const g of log.gpus) {
    const src =
      column === 'timeMs'
        ? g.timeMs
        : column.startsWith('reason_')
          ? g.flags[column.slice(7)]
          : g.columns[column as (typeof METRIC_KEYS)[number]];
    out.push(...Array.from(src!));
  }
  return out;
}

const sameNumbers = (got: unknown[], want: number[]): void => {
  expect(got.length).toBe(want.length);
  // missing values come back as null (JSON, Arrow, Parquet) or NaN/null (CSV)
  expect(got.map((v) => (v === null || (typeof v === 'number' && Number.isNaN(v)) ? null : v))).toEqual(
    want.map((v) => (Number.isNaN(v) ? null : v)),
  );
};

describe('csvCell', () => {
  it('quotes per RFC 4180 and neutralises formulas in text, never in numbers', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-8)).toBe('-8');
    expect(csvCell(0.1)).toBe('0.1');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(null)).toBe('');
  });
});

describe('exportLogs', () => {
  it('CSV reads back with arquero: header, ISO time, numbers equal the series, text neutralised', async () => {
    const log = await smallLog();
    const text = (await exportBytes(log, 'csv')).toString('utf8');
    const lines = text.split('\r\n');
    expect(lines.length).toBe(1 + 8 + 1); // header, 2 GPUs × 4 samples, final empty piece
    expect(lines[0]!.startsWith('time,timeMs,relativeS,gpuIndex,gpuUuid,gpuBusId,gpuName,powerW,')).toBe(true);
    expect(lines[1]!.startsWith(`2026-11-23T19:00:00.000Z,${T0},0,0,GPU-a,`)).toBe(true);
    expect(lines[1]).toContain(`,"'=SUM(1,2)",70.5,`);
    expect(lines[5]).toContain(',"Tesla ""K80""",8,');
    const t = fromCSV(text, { autoType: true });
    expect(t.numRows()).toBe(8);
    for (const k of [...METRIC_KEYS, 'timeMs', 'reason_sw_power_cap'])
      sameNumbers(Array.from(t.array(k) as ArrayLike<unknown>), expected(log, k));
    expect(t.array('gpuName')).toEqual([...Array(4).fill("'=SUM(1,2)"), ...Array(4).fill('Tesla "K80"')]);
  });

  it('NDJSON and JSON read back with JSON.parse: null for missing values', async () => {
    const log = await smallLog();
    const nd = (await exportBytes(log, 'ndjson'))
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const js = JSON.parse((await exportBytes(log, 'json')).toString('utf8')) as Record<string, unknown>[];
    for (const rows of [nd, js]) {
      expect(rows.length).toBe(8);
      expect(rows[0]!.time).toBe('2026-11-23T19:00:00.000Z');
      expect(rows[0]!.gpuName).toBe('=SUM(1,2)');
      for (const k of [...METRIC_KEYS, 'timeMs', 'relativeS']) {
        const want = k === 'relativeS' ? [0, 1, 2, 3, 0, 1, 2, 3] : expected(log, k);
        sameNumbers(
          rows.map((r) => r[k]),
          want,
        );
      }
      expect(rows[5]!.pcieTxKBps).toBeNull();
    }
  });

  it('Arrow reads back with flechette (an independent Arrow implementation)', async () => {
    const log = await smallLog();
    const t = tableFromIPC(await exportBytes(log, 'arrow'), { useDate: false });
    expect(t.numRows).toBe(8);
    for (const k of [...METRIC_KEYS, 'timeMs', 'reason_sw_power_cap']) sameNumbers(Array.from(t.getChild(k)!), expected(log, k));
    expect(Array.from(t.getChild('time')!)).toEqual(expected(log, 'timeMs'));
    expect(Array.from(t.getChild('gpuName')!)).toEqual([...Array(4).fill('=SUM(1,2)'), ...Array(4).fill('Tesla "K80"')]);
    expect(Array.from(t.getChild('gpuIndex')!)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('Parquet reads back with hyparquet (a different library than the writer)', async () => {
    const log = await smallLog();
    const bytes = await exportBytes(log, 'parquet');
    const rows = (await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    })) as Record<string, unknown>[];
    expect(rows.length).toBe(8);
    for (const k of [...METRIC_KEYS, 'timeMs', 'reason_sw_power_cap'])
      sameNumbers(
        rows.map((r) => r[k]),
        expected(log, k),
      );
    expect(rows.map((r) => (r.time as Date).getTime())).toEqual(expected(log, 'timeMs'));
    expect(rows[4]!.gpuName).toBe('Tesla "K80"');
  });

  it('wide exports have one row per sample with gpu<i>_ columns', async () => {
    const log = await smallLog();
    const rows = JSON.parse((await exportBytes(log, 'json', true)).toString('utf8')) as Record<string, unknown>[];
    expect(rows.map((r) => r.gpu0_powerW)).toEqual([70.5, 71.5, 72.5, 73.5]);
    expect(rows.map((r) => r.gpu1_powerW)).toEqual([8, 9, 10, 11]);
    expect(rows.map((r) => r.gpu1_pcieTxKBps)).toEqual([0, null, 200, 300]);
  });

  it('an unknown format is rejected', async () => {
    const log = await smallLog();
    await expect(exportLogs(log, { format: 'xlsx' as ExportFormat }, new PassThrough())).rejects.toThrow('invalid format: xlsx');
  });

  it.skipIf(!HAVE_CAPTURES)('both H100 captures round-trip through Arrow and Parquet with a run column', async () => {
    const folder = await readLog(join(CAPTURES_DIR, 'h100-folder.xml.gz'));
    const perfile = await readLog(join(CAPTURES_DIR, 'h100-perfile.xml.gz'));
    const want = (k: string): number[] => [...expected(folder, k), ...expected(perfile, k)];
    const arrow = tableFromIPC(await exportBytes([folder, perfile], 'arrow', false, ['folder', 'perfile']), { useDate: false });
    expect(arrow.numRows).toBe(43 + 131);
    for (const k of METRIC_KEYS) sameNumbers(Array.from(arrow.getChild(k)!), want(k));
    const pq = await exportBytes([folder, perfile], 'parquet', false, ['folder', 'perfile']);
    const rows = (await parquetReadObjects({
      file: pq.buffer.slice(pq.byteOffset, pq.byteOffset + pq.byteLength) as ArrayBuffer,
    })) as Record<string, unknown>[];
    expect(rows.filter((r) => r.run === 'folder').length).toBe(43);
    expect(rows.filter((r) => r.run === 'perfile').length).toBe(131);
    for (const k of METRIC_KEYS)
      sameNumbers(
        rows.map((r) => r[k]),
        want(k),
      );
  });
  if (!HAVE_CAPTURES) it.skip(CAPTURES_SKIP_REASON, () => {});
});

describe('text writers stream', () => {
  it('CSV of 5000 rows reaches the sink in batches, not as one string', async () => {
    const { writeCsv } = await import('../src/table/row-writers.js');
    const n = 5000;
    const values = Float64Array.from({ length: n }, (_, i) => i * 0.5);
    const layout = {
      columns: [
        { name: 'timeMs', kind: 'number' as const },
        { name: 'powerW', kind: 'number' as const },
      ],
      blocks: [
        {
          length: n,
          columns: new Map([
            ['timeMs', { kind: 'number' as const, values: Float64Array.from({ length: n }, (_, i) => T0 + i * 1000) }],
            ['powerW', { kind: 'number' as const, values }],
          ]),
        },
      ],
      length: n,
    };
    const chunks: string[] = [];
    await writeCsv(layout, async (c) => {
      chunks.push(c);
    });
    // header, then ceil(5000 / 2048) = 3 batches
    expect(chunks.length).toBe(4);
    const lines = chunks.join('').trimEnd().split('\r\n');
    expect(lines.length).toBe(n + 1);
    expect(lines[4000]).toBe(`${new Date(T0 + 3999 * 1000).toISOString()},${T0 + 3999 * 1000},1999.5`);
  });
});
