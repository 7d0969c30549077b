import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readLog, TelemetryError } from '../src/index.js';
import { CAPTURES_DIR, HAVE_CAPTURES } from './helpers/corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'mc2-read-'));
const gpu = (uuid: string, bus: string, watts: string): string =>
  `<gpu id="${bus}"><product_name>Tesla K80</product_name><uuid>${uuid}</uuid><pci><pci_bus_id>${bus}</pci_bus_id><tx_util>N/A</tx_util></pci><power_readings><power_draw>${watts}</power_draw></power_readings></gpu>`;
const doc = (ts: string, ...gpus: string[]): string =>
  `<?xml version="1.0" ?>\n<!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v10.dtd">\n<nvidia_smi_log><timestamp>${ts}</timestamp><driver_version>430.26</driver_version>${gpus.join('')}</nvidia_smi_log>\n`;
const A = (w: string) => gpu('GPU-a', '0000:04:00.0', w);
const B = (w: string) => gpu('GPU-b', '0000:05:00.0', w);
const log3 =
  doc('Mon Nov 23 19:00:00 2026', A('30.00 W'), B('28.00 W')) +
  doc('Mon Nov 23 19:00:01 2026', A('100.00 W'), B('N/A')) +
  doc('Mon Nov 23 19:00:02 2026', A('110.00 W'), B('29.00 W'));

describe('readLog inputs', () => {
  const expectLog3 = (log: Awaited<ReturnType<typeof readLog>>): void => {
    expect(log.documents).toBe(3);
    expect(log.gpus.map((g) => g.key)).toEqual(['GPU-a', 'GPU-b']);
    expect([...log.gpus[0]!.columns.powerW]).toEqual([30, 100, 110]);
    expect([...log.gpus[1]!.columns.powerW]).toEqual([28, NaN, 29]);
    expect([...log.gpus[0]!.columns.pcieTxKBps]).toEqual([NaN, NaN, NaN]);
  };
  it('a path', async () => {
    const f = join(dir, 'a.xml');
    writeFileSync(f, log3);
    expectLog3(await readLog(f));
  });
  it('gzip detected by magic bytes, whatever the name', async () => {
    const f = join(dir, 'b.xml');
    writeFileSync(f, gzipSync(log3));
    const log = await readLog(f);
    expectLog3(log);
    expect(log.gzip).toBe(true);
  });
  it('text, bytes, a Node Readable, a web ReadableStream and an async iterable of chunks', async () => {
    expectLog3(await readLog({ text: log3 }));
    expectLog3(await readLog(Buffer.from(log3)));
    expectLog3(await readLog(Readable.from([Buffer.from(log3.slice(0, 100)), Buffer.from(log3.slice(100))])));
    expectLog3(await readLog(new Blob([log3]).stream()));
    async function* chunks(): AsyncGenerator<string> {
      for (let i = 0; i < log3.length; i += 37) yield log3.slice(i, i + 37);
    }
    expectLog3(await readLog(chunks()));
    expectLog3(await readLog(createReadStream(join(dir, 'b.xml'))));
  });
  it('a missing value is NaN and a GPU that disappears and returns keeps its own series', async () => {
    const text =
      doc('Mon Nov 23 19:00:00 2026', A('30 W'), B('28 W')) +
      doc('Mon Nov 23 19:00:01 2026', A('31 W')) +
      doc('Mon Nov 23 19:00:02 2026', A('32 W'), B('29 W'));
    const log = await readLog({ text });
    const b = log.gpus.find((g) => g.key === 'GPU-b')!;
    expect([...b.sample]).toEqual([0, 2]);
    expect([...b.timeMs]).toEqual([Date.parse('2026-11-23T19:00:00Z'), Date.parse('2026-11-23T19:00:02Z')]);
  });
  it('reads timestamps in the zone given', async () => {
    const log = await readLog({ text: log3 }, { timeZone: 'America/New_York' });
    expect(log.startMs).toBe(Date.parse('2026-11-24T00:00:00Z'));
    expect(log.timeZone).toBe('America/New_York');
  });
  it('timestamps that go backwards are a warning, not a crash', async () => {
    const text = doc('Mon Nov 23 19:00:05 2026', A('1 W')) + doc('Mon Nov 23 19:00:01 2026', A('2 W'));
    const log = await readLog({ text });
    expect(log.documents).toBe(2);
    expect(log.warnings.map((w) => [w.code, w.document])).toEqual([['TIME_BACKWARDS', 1]]);
  });
  it('a corrupt document in the middle is skipped with its offset; the others are kept', async () => {
    const bad = doc('Mon Nov 23 19:00:01 2026', A('1 W')).replace('</power_readings>', '</power_readingz>');
    const text = doc('Mon Nov 23 19:00:00 2026', A('1 W')) + bad + doc('Mon Nov 23 19:00:02 2026', A('3 W'));
    const log = await readLog({ text });
    expect(log.documents).toBe(2);
    expect(log.damagedDocuments).toBe(1);
    const w = log.warnings[0]!;
    expect(w.code).toBe('CORRUPT_DOCUMENT');
    expect(w.document).toBe(1);
    expect(w.offset).toBe(text.indexOf('</power_readingz>'));
  });
  it('no document at all is an error that says what the input is', async () => {
    await expect(readLog({ text: '' })).rejects.toThrow('empty file');
    await expect(readLog({ text: 'index, name, power.draw [W]\n' })).rejects.toThrow('`--query-gpu` CSV with no sample in it');
    await expect(readLog({ text: '2026/12/02 04:39:56.756, 78.16 W\n' })).rejects.toThrow(
      'CSV written with noheader: give its columns with --fields',
    );
    await expect(readLog(join(dir, 'nope.xml'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readLog(dir)).rejects.toBeInstanceOf(TelemetryError);
  });
  it.skipIf(!HAVE_CAPTURES)('a truncated .gz keeps the documents before the cut and warns', async () => {
    const gz = readFileSync(join(CAPTURES_DIR, 'h100-folder.xml.gz'));
    const f = join(dir, 'cut.xml.gz');
    writeFileSync(f, gz.subarray(0, Math.floor(gz.length / 2)));
    const log = await readLog(f);
    expect(log.documents).toBeGreaterThan(5);
    expect(log.documents).toBeLessThan(43);
    expect(log.warnings.map((w) => w.code)).toContain('GZIP_ERROR');
  });
  it.skipIf(!HAVE_CAPTURES)(
    'gzip read by driving zlib directly and through its stream interface gives the same summary, whole, cut and corrupt',
    () => {
      const gz = readFileSync(join(CAPTURES_DIR, 'h100-perfile.xml.gz'));
      const whole = join(dir, 'whole.xml.gz');
      const cut = join(dir, 'cut2.xml.gz');
      const bad = join(dir, 'bad.xml.gz');
      writeFileSync(whole, gz);
      writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.6)));
      const flipped = Buffer.from(gz);
      flipped[Math.floor(flipped.length * 0.4)]! ^= 0xff;
      writeFileSync(bad, flipped);
      const cli = join(import.meta.dirname, '..', 'bin', 'mc2-telemetry.js');
      const run = (file: string, stream: boolean): unknown => {
        let out: string;
        try {
          out = execFileSync(process.execPath, [cli, 'summarize', '--json', file], {
            encoding: 'utf8',
            env: { ...process.env, MC2_ZLIB_STREAM: stream ? '1' : '0' },
          });
        } catch (e) {
          out = (e as { stdout: string }).stdout;
        }
        return JSON.parse(out);
      };
      for (const f of [whole, cut, bad]) {
        const direct = run(f, false) as { documents: number };
        expect(direct.documents).toBeGreaterThan(0);
        expect(direct).toStrictEqual(run(f, true));
      }
    },
    30_000,
  );
});
