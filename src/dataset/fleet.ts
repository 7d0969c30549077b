import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

/** One row of a query's answer: column name to value (numbers, text, null). */
export type Row = Record<string, string | number | boolean | null>;

export interface FleetAnswer {
  /** Jobs by wasted GPU-hours (GPU-time inside active spans not busy), most first. */
  jobs: Row[];
  byHost: Row[];
  byModel: Row[];
  byWeek: Row[];
}

/** The views every query sees: `runs` (one row per job) and `samples` (every sample, with `date` and `host` from the folders). */
function views(dataset: string): string[] {
  const d = resolve(dataset).replace(/'/g, "''");
  return [
    `CREATE VIEW runs AS SELECT * FROM read_parquet('${join(d, 'runs', '**', '*.parquet')}', hive_partitioning = false, union_by_name = true)`,
    `CREATE VIEW samples AS SELECT * FROM read_parquet('${join(d, 'samples', '**', '*.parquet')}', hive_partitioning = true, union_by_name = true)`,
  ];
}

/** The queries behind {@link fleet}, as DuckDB SQL over the `runs` view (docs/fleet.md shows them in Spark SQL too). */
export const FLEET_SQL = {
  jobs: (top: number) =>
    `SELECT file, job, host, date, models, gpus, round(activeSpanS, 1) AS activeSpanS, round(dutyCycle, 3) AS dutyCycle, round(wastedGpuH, 4) AS wastedGpuH, mainCause, advice FROM runs ORDER BY wastedGpuH DESC, file, job LIMIT ${top}`,
  byHost: `SELECT host, count(*) AS jobs, round(sum(gpuTimeS) / 3600, 3) AS gpuH, round(sum(wastedGpuH), 3) AS wastedGpuH FROM runs GROUP BY host ORDER BY wastedGpuH DESC, host`,
  byModel: `SELECT models AS model, count(*) AS jobs, round(sum(gpuTimeS) / 3600, 3) AS gpuH, round(sum(wastedGpuH), 3) AS wastedGpuH FROM runs GROUP BY models ORDER BY wastedGpuH DESC, model`,
  byWeek: `SELECT strftime(date_trunc('week', CAST(date AS DATE)), '%Y-%m-%d') AS week, count(*) AS jobs, round(sum(gpuTimeS) / 3600, 3) AS gpuH, round(sum(wastedGpuH), 3) AS wastedGpuH FROM runs WHERE date <> 'unknown' GROUP BY week ORDER BY week`,
};

/**
 * Runs SQL over a dataset's `runs` and `samples` views with DuckDB, embedded (no server).
 *
 * @example
 * await query('dataset', 'SELECT host, count(*) AS jobs FROM runs GROUP BY host');
 * // [{ host: 'gpu03', jobs: 412 }, …]
 */
export async function query(dataset: string, sql: string): Promise<Row[]> {
  const { DuckDBInstance } = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    for (const v of views(dataset)) await c.run(v);
    const r = await c.runAndReadAll(sql);
    return r
      .getRowObjectsJS()
      .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : (v as Row[string])])));
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/**
 * The jobs of a dataset ranked by wasted GPU-hours, each with its main cause and advice codes, and
 * totals per host, per GPU model and per week.
 *
 * @example (await fleet('dataset')).jobs[0] // { file: '…/perfile.xml.gz', job: 1, wastedGpuH: 0.0067, mainCause: 'launchOverheadS', … }
 */
export async function fleet(dataset: string, options: { top?: number } = {}): Promise<FleetAnswer> {
  return {
    jobs: await query(dataset, FLEET_SQL.jobs(options.top ?? 20)),
    byHost: await query(dataset, FLEET_SQL.byHost),
    byModel: await query(dataset, FLEET_SQL.byModel),
    byWeek: await query(dataset, FLEET_SQL.byWeek),
  };
}
