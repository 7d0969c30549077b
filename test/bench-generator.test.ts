import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

// bench/generate.mjs writes benchmark logs from the corpus' real documents. These checks read its
// output with plain string scanning (no XML parser), independently of the generator's code.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = process.env.MC2_CORPUS ?? resolve(ROOT, '..', 'shared', 'corpus');
const HAVE_CORPUS = existsSync(join(CORPUS, 'samples')) && existsSync(join(CORPUS, 'cvl_benchmarking'));
if (!HAVE_CORPUS) {
  console.warn(`bench-generator tests skipped: corpus not found at ${CORPUS} (set MC2_CORPUS to the corpus folder)`);
}

const GENERATOR = join(ROOT, 'bench', 'generate.mjs');
const KINDS = [
  { gpu: 'h100x8', gpus: 8, dtd: 'v13' },
  { gpu: 'k80x4', gpus: 4, dtd: 'v10' },
  { gpu: 'v100x1', gpus: 1, dtd: 'v9' },
] as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

interface GenInfo {
  docs: number;
  gpus: number;
  bytes: number;
}

/** Run the generator; its JSON report is the last stderr line. */
function gen(args: string[]): GenInfo {
  const r = spawnSync(process.execPath, [GENERATOR, ...args], { env: { ...process.env, MC2_CORPUS: CORPUS }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generator failed (${r.status}): ${r.stderr}`);
  const last = r.stderr.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as GenInfo;
}

function splitDocs(text: string): string[] {
  const docs: string[] = [];
  let pos = 0;
  for (;;) {
    const end = text.indexOf('</nvidia_smi_log>', pos);
    if (end < 0) break;
    docs.push(text.slice(pos, end + '</nvidia_smi_log>'.length));
    pos = end + '</nvidia_smi_log>'.length;
  }
  expect(text.slice(pos).trim()).toBe('');
  return docs;
}

function count(s: string, needle: string): number {
  let n = 0;
  for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length)) n++;
  return n;
}

function parseTs(s: string): number {
  const m = /^(\w{3}) (\w{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/.exec(s);
  if (!m) throw new Error(`bad timestamp format: ${JSON.stringify(s)}`);
  const [, dow, mon, day, hh, mm, ss, yyyy] = m as unknown as string[];
  const t = Date.UTC(Number(yyyy), MONTHS.indexOf(mon ?? ''), Number(day), Number(hh), Number(mm), Number(ss));
  // The day of week must be the real one for that date (nvidia-smi prints asctime).
  expect(DAYS[new Date(t).getUTCDay()]).toBe(dow);
  return t;
}

describe.skipIf(!HAVE_CORPUS)(`bench/generate.mjs (corpus ${CORPUS})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc2-bench-gen-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const kind of KINDS) {
    describe(kind.gpu, () => {
      const a = join(dir, `${kind.gpu}-a.xml`);
      const b = join(dir, `${kind.gpu}-b.xml`);
      const c = join(dir, `${kind.gpu}-c.xml`);
      const z = join(dir, `${kind.gpu}-a.xml.gz`);
      let info: GenInfo;
      let text: string;
      let docs: string[];

      it('writes ~2 MB of whole documents', () => {
        info = gen(['--gpu', kind.gpu, '--size', '2MB', '--seed', '7', '--out', a]);
        text = readFileSync(a, 'utf8');
        docs = splitDocs(text);
        expect(Buffer.byteLength(text)).toBe(info.bytes);
        expect(info.bytes).toBeGreaterThanOrEqual(2_000_000);
        expect(info.bytes).toBeLessThan(2_000_000 + 300_000); // stops at the first document boundary past 2 MB
        expect(docs.length).toBe(info.docs);
        expect(count(text, '<?xml version="1.0" ?>')).toBe(info.docs);
        expect(count(text, '<nvidia_smi_log>')).toBe(info.docs);
      });

      it(`has ${kind.gpus} GPU(s) with distinct bus ids in every document, DTD ${kind.dtd}`, () => {
        for (const d of docs) {
          expect(d.trimStart().startsWith('<?xml version="1.0" ?>')).toBe(true);
          expect(d).toContain(`<!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_${kind.dtd}.dtd">`);
          expect(count(d, '<gpu id="')).toBe(kind.gpus);
          expect(count(d, '</gpu>')).toBe(kind.gpus);
          expect(d).toContain(`<attached_gpus>${kind.gpus}</attached_gpus>`);
          const ids = [...d.matchAll(/<gpu id="([^"]+)">/g)].map((m) => m[1]);
          expect(new Set(ids).size).toBe(kind.gpus);
        }
      });

      it('advances <timestamp> by exactly 1 s per document', () => {
        const ts = docs.map((d) => {
          const m = /<timestamp>([^<]*)<\/timestamp>/.exec(d);
          expect(m).not.toBeNull();
          return parseTs((m as RegExpExecArray)[1] ?? '');
        });
        for (let i = 1; i < ts.length; i++) expect((ts[i] ?? 0) - (ts[i - 1] ?? 0)).toBe(1000);
      });

      it('varies the metrics per sample, keeping the base text format', () => {
        const power = [...text.matchAll(/<(?:power_draw|average_power_draw)>(\d+\.\d\d) W</g)].map((m) => m[1]);
        expect(new Set(power).size).toBeGreaterThan(10);
        const util = [...text.matchAll(/<gpu_util>(\d+) %</g)].map((m) => Number(m[1]));
        expect(util.length).toBe(info.docs * kind.gpus);
        expect(util.some((u) => u === 0)).toBe(true); // idle gaps
        expect(util.some((u) => u >= 90)).toBe(true); // busy stretches
        const pids = new Set([...text.matchAll(/<pid>(\d+)<\/pid>/g)].map((m) => m[1]));
        expect(pids.size).toBeGreaterThan(1);
        expect(text).not.toMatch(/NaN|undefined/);
      });

      it('is deterministic for a seed (same bytes twice; another seed differs; .gz holds the same bytes)', () => {
        gen(['--gpu', kind.gpu, '--size', '2MB', '--seed', '7', '--out', b]);
        gen(['--gpu', kind.gpu, '--size', '2MB', '--seed', '8', '--out', c]);
        gen(['--gpu', kind.gpu, '--size', '2MB', '--seed', '7', '--out', z]);
        const bufA = readFileSync(a);
        expect(readFileSync(b).equals(bufA)).toBe(true);
        expect(readFileSync(c).equals(bufA)).toBe(false);
        expect(gunzipSync(readFileSync(z)).equals(bufA)).toBe(true);
      });
    });
  }
});
