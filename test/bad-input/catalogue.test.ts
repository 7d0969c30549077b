/**
 * The bad-input catalogue: what a user gets from `mc2-telemetry summarize --json FILE` for each kind
 * of damaged, odd or hostile input. Every case is built from real documents (../shared/captures,
 * ../shared/corpus) mutated here; expected figures follow from how the input was built (documents
 * counted by a regular expression over the raw text, byte offsets by indexOf), never from the reader.
 *
 * docs/bad-input.md holds the same table; this test checks it (MC2_WRITE_DOCS=1 rewrites it).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zc, deflateRawSync, gzipSync } from 'node:zlib';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLog } from '../../src/series/read-log.js';
import { CAPTURES_DIR, ROOT } from '../helpers/corpus.js';
import { synthLog } from '../helpers/synth-log.js';
import {
  HAVE_MATERIAL,
  type CliRun,
  corpusDoc,
  fixturePath,
  folderDocs,
  loadText,
  perfileDocs,
  runCli,
  seededBytes,
  snapshotDoc,
  splitAtProlog,
  tempDir,
  timestampOf,
  withTimestamp,
  writeTemp,
} from './material.js';

interface GpuOut {
  name: string | null;
  samples: number;
  processes: { distinctPids: number; maxConcurrent: number };
}
interface SummaryOut {
  documents: number;
  damagedDocuments: number;
  warnings: { code: string; message: string; offset: number | null; document: number | null }[];
  warningCounts: Record<string, number>;
  start: string | null;
  end: string | null;
  durationS: number | null;
  loggingGaps: { count: number };
  gpus: GpuOut[];
}

interface Expect {
  exit: number;
  /** Exact stderr (FILE stands for the input's path), or '' for none. */
  stderr?: string;
  documents?: number;
  /** Exact warning counts by code ({} = no warnings). */
  warnings?: Record<string, number>;
  /** Samples per GPU, in order. */
  samples?: number[];
  /** The first warning's code, byte offset and document ordinal: where the user is pointed. */
  firstWarning?: { code: string; offset: number | null; document: number | null; says?: string };
  check?: (s: SummaryOut, run: { stdout: string; stderr: string }, file: string) => void | Promise<void>;
}

interface Case {
  name: string;
  /** Writes the input into `dir` and returns its path (or a path that is not a file). */
  make: (dir: string) => string;
  args?: string[];
  expect: Expect;
  /** Why this case cannot run here (e.g. root ignores chmod 000), or null. */
  skip?: (file: string) => string | null;
}

const byteLen = (s: string): number => Buffer.byteLength(s, 'utf8');
/** Byte offset of document k's root start tag in docs.join(''). */
const rootOffset = (docs: string[], k: number): number =>
  byteLen(docs.slice(0, k).join('')) + byteLen(docs[k]!.slice(0, docs[k]!.indexOf('<nvidia_smi_log')));

/** `<gpu …>…</gpu>` blocks of a document, as [start, end) character ranges. */
function gpuBlocks(doc: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /<gpu id="[^"]*">[\s\S]*?<\/gpu>\n?/g;
  for (let m = re.exec(doc); m !== null; m = re.exec(doc)) out.push([m.index, m.index + m[0].length]);
  return out;
}
function withoutGpu(doc: string, k: number): string {
  const b = gpuBlocks(doc)[k]!;
  return doc.slice(0, b[0]) + doc.slice(b[1]);
}

/** gzip written with a full flush after each document; returns the bytes and the compressed offset after each document. */
function gzipFlushed(docs: string[]): { gz: Buffer; after: number[] } {
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  const parts: Buffer[] = [header];
  const after: number[] = [];
  let len = header.length;
  // deflateRawSync with Z_FULL_FLUSH per piece: each piece ends byte-aligned with an empty stored block
  for (const d of docs) {
    const p = deflateRawSync(Buffer.from(d), { finishFlush: zc.Z_FULL_FLUSH });
    parts.push(p);
    len += p.length;
    after.push(len);
  }
  return { gz: Buffer.concat(parts), after };
}

const dstDocs = (stamps: string[]): string => {
  const docs = splitAtProlog(synthLog({ gpus: 1, seconds: stamps.length, state: () => ({ powerW: 70, utilPct: 0 }) }));
  return docs.map((d, i) => withTimestamp(d, stamps[i]!)).join('');
};

const F = HAVE_MATERIAL ? folderDocs() : [];
/** Documents in the folder capture, counted by folderDocs()'s split of the raw text (43 today). */
const N = F.length;
const FOLDER = F.join('');
const PASSWD_LINE = (() => {
  try {
    return readFileSync('/etc/passwd', 'utf8').split('\n')[0] ?? 'root:x:0:0';
  } catch {
    return 'root:x:0:0';
  }
})();

/** nvidia-smi's stderr when a GPU's infoROM is damaged: printed on every query. */
const STDERR_LINE = 'WARNING: infoROM is corrupted at gpu 0000:04:00.0\n';

/**
 * The log as `nvidia-smi … > log 2>&1` writes it: stdout in 4 KiB blocks, a stderr line after
 * each; and how many of those lines fell inside a document (between `<nvidia_smi_log` and
 * `</nvidia_smi_log>`), in how many documents, and the first such document's ordinal.
 */
function withStderrAtFlushes(log: string, line: string): { text: string; inside: { lines: number; documents: number; first: number } } {
  const spans: [number, number][] = [];
  const re = /<nvidia_smi_log[\s\S]*?<\/nvidia_smi_log>/g;
  for (let m = re.exec(log); m !== null; m = re.exec(log)) spans.push([m.index, m.index + m[0].length]);
  let text = '';
  const docs = new Set<number>();
  let lines = 0;
  for (let at = 0; at < log.length; at += 4096) {
    text += log.slice(at, at + 4096);
    if (at + 4096 >= log.length) break;
    text += line;
    const k = spans.findIndex(([a, b]) => at + 4096 > a && at + 4096 < b);
    if (k >= 0) {
      lines++;
      docs.add(k);
    }
  }
  return { text, inside: { lines, documents: docs.size, first: Math.min(...docs) } };
}

/**
 * Counts in a file two loggers wrote at once, by regular expressions over its text: documents
 * cut by the next `<nvidia_smi_log` start before their end, end tags with no start since the last
 * end, complete start…end spans, and of those the well-formed ones (fast-xml-parser's validator,
 * the reference).
 */
function twoWriterCounts(text: string): { cut: number; orphanEnds: number; complete: number; wellFormed: number } {
  let cut = 0;
  let orphanEnds = 0;
  let complete = 0;
  let wellFormed = 0;
  let open = -1;
  const re = /<nvidia_smi_log[\s>]|<\/nvidia_smi_log>/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].startsWith('</')) {
      if (open < 0) {
        if (cut > 0) orphanEnds++;
        continue;
      }
      complete++;
      if (XMLValidator.validate(text.slice(open, m.index + m[0].length)) === true) wellFormed++;
      open = -1;
    } else {
      if (open >= 0) cut++;
      open = m.index;
    }
  }
  return { cut, orphanEnds, complete, wellFormed };
}

const CASES: Case[] = [
  {
    name: 'empty file',
    make: (d) => writeTemp(d, 'empty.xml', ''),
    expect: { exit: 2, stderr: 'FILE: empty file: no nvidia-smi XML document' },
  },
  {
    name: 'whitespace only',
    make: (d) => writeTemp(d, 'blank.xml', ' \n\t\r\n   \n'),
    expect: { exit: 2, stderr: 'FILE: only whitespace: no nvidia-smi XML document' },
  },
  {
    name: 'binary junk (64 KiB of random bytes)',
    make: (d) => {
      const b = seededBytes(65536, 7);
      b[0] = 0x00; // not gzip magic
      return writeTemp(d, 'junk.xml', b);
    },
    expect: { exit: 2, stderr: 'FILE: binary data, not an nvidia-smi XML log' },
  },
  {
    name: 'a PNG renamed .xml',
    make: (d) =>
      writeTemp(
        d,
        'image.xml',
        Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(seededBytes(2000, 3))]),
      ),
    expect: { exit: 2, stderr: 'FILE: a PNG image, not an nvidia-smi XML log' },
  },
  {
    name: '`nvidia-smi -q` text output, one GPU block with no reading',
    make: (d) =>
      writeTemp(
        d,
        'q.txt',
        '\n==============NVSMI LOG==============\n\nTimestamp                                 : Mon Nov 23 18:58:49 2026\nDriver Version                            : 580.159.04\nCUDA Version                              : 13.0\n\nAttached GPUs                             : 1\nGPU 00000000:00:06.0\n    Product Name                          : NVIDIA H100 80GB HBM3\n',
      ),
    // read as -q text (issue 13): one sample, the GPU named, every reading missing (NaN, not 0)
    expect: { exit: 0, documents: 1, warnings: {}, samples: [1], check: (s) => expect(s.gpus[0]!.name).toBe('NVIDIA H100 80GB HBM3') },
  },
  {
    name: '`--query-gpu` CSV output with no uuid or index (keyed by its one GPU)',
    make: (d) =>
      writeTemp(
        d,
        'query.csv',
        'timestamp, name, power.draw [W], utilization.gpu [%]\n2026/11/23 18:58:49.123, NVIDIA H100 80GB HBM3, 71.52 W, 0 %\n2026/11/23 18:58:50.124, NVIDIA H100 80GB HBM3, 71.60 W, 0 %\n',
      ),
    expect: { exit: 0, documents: 2, warnings: {}, samples: [2] },
  },
  {
    name: '"No devices were found"',
    make: (d) => writeTemp(d, 'nodev.xml', 'No devices were found\n'),
    expect: { exit: 2, stderr: 'FILE: nvidia-smi found no GPU ("No devices were found"): no XML document' },
  },
  {
    name: 'other XML (no <nvidia_smi_log>)',
    make: (d) => writeTemp(d, 'other.xml', '<?xml version="1.0"?>\n<html><body>hello</body></html>\n'),
    expect: { exit: 2, stderr: 'FILE: XML, but no <nvidia_smi_log> document in it' },
  },
  {
    name: 'a single document (no -l)',
    make: (d) => writeTemp(d, 'snapshot.xml', snapshotDoc()),
    expect: { exit: 0, stderr: '', documents: 1, warnings: {}, samples: [1] },
  },
  {
    name: 'one document, cut (nothing complete)',
    make: (d) => writeTemp(d, 'cut-only.xml', F[0]!.slice(0, 5000)),
    expect: { exit: 2, stderr: 'FILE: no complete nvidia-smi XML document: 1 damaged document(s) only' },
  },
  {
    name: 'last document cut mid-tag at a 4 KiB boundary',
    make: (d) => {
      const last = byteLen(F.slice(0, N - 1).join(''));
      let cut = Math.floor(byteLen(FOLDER) / 4096) * 4096;
      // walk back block by block to a boundary that falls inside a tag of the last document
      while (cut > last && FOLDER.lastIndexOf('>', cut - 1) > FOLDER.lastIndexOf('<', cut - 1)) cut -= 4096;
      expect(cut).toBeGreaterThan(last);
      expect(cut % 4096).toBe(0);
      return writeTemp(d, 'cut4k.xml', FOLDER.slice(0, cut));
    },
    expect: {
      exit: 0,
      documents: N - 1,
      warnings: { TRUNCATED_DOCUMENT: 1 },
      samples: [N - 1],
      firstWarning: {
        code: 'TRUNCATED_DOCUMENT',
        offset: rootOffsetSafe(N - 1),
        document: N - 1,
        says: `document ${N - 1} at byte ${rootOffsetSafe(N - 1)} is cut`,
      },
    },
  },
  {
    name: 'real SIGKILLed logger (fixtures/captures/h100-sigkill.xml.gz, 105 × 4096 bytes)',
    make: () => fixturePath('captures/h100-sigkill.xml.gz'),
    expect: {
      exit: 0,
      documents: 15,
      warnings: { TRUNCATED_DOCUMENT: 1 },
      samples: [15],
      firstWarning: { code: 'TRUNCATED_DOCUMENT', offset: null, document: 15 },
    },
  },
  {
    name: 'cut inside the `<?xml` line of the last document',
    make: (d) => writeTemp(d, 'cut-prolog.xml', F.slice(0, 10).join('') + F[10]!.slice(0, 9)),
    expect: {
      exit: 0,
      documents: 10,
      warnings: { TRUNCATED_DOCUMENT: 1 },
      samples: [10],
      firstWarning: { code: 'TRUNCATED_DOCUMENT', offset: byteLenSafe(10), document: 10 },
    },
  },
  {
    name: 'cut inside the DOCTYPE of the last document',
    make: (d) => writeTemp(d, 'cut-doctype.xml', F.slice(0, 10).join('') + F[10]!.slice(0, 40)),
    expect: {
      exit: 0,
      documents: 10,
      warnings: { TRUNCATED_DOCUMENT: 1 },
      samples: [10],
      firstWarning: { code: 'TRUNCATED_DOCUMENT', offset: byteLenSafe(10), document: 10 },
    },
  },
  {
    name: 'a corrupt document between good ones (mismatched end tag)',
    make: (d) => {
      const docs = F.slice();
      docs[5] = docs[5]!.replace('</fb_memory_usage>', '</fb_memory_usagX>');
      return writeTemp(d, 'corrupt-mid.xml', docs.join(''));
    },
    expect: {
      exit: 0,
      documents: N - 1,
      warnings: { CORRUPT_DOCUMENT: 1 },
      samples: [N - 1],
      firstWarning: {
        code: 'CORRUPT_DOCUMENT',
        offset: byteLenSafe(5) + (F[5]?.indexOf('</fb_memory_usage>') ?? 0),
        document: 5,
        says: 'does not parse',
      },
    },
  },
  {
    name: 'a document cut short and the next one starting (killed and restarted logger appending)',
    make: (d) => writeTemp(d, 'cut-mid.xml', F.slice(0, 5).join('') + F[5]!.slice(0, 20000) + F.slice(6, 10).join('')),
    expect: {
      exit: 0,
      documents: 9,
      warnings: { TRUNCATED_DOCUMENT: 1 },
      samples: [9],
      firstWarning: { code: 'TRUNCATED_DOCUMENT', offset: rootOffsetSafe(5), document: 5 },
    },
  },
  {
    name: 'junk between documents (a shell message)',
    make: (d) => writeTemp(d, 'junk-mid.xml', F.slice(0, 5).join('') + 'nvidia-smi: terminated by signal 15\n' + F.slice(5, 10).join('')),
    expect: {
      exit: 0,
      documents: 10,
      warnings: { JUNK: 1 },
      samples: [10],
      firstWarning: {
        code: 'JUNK',
        offset: byteLenSafe(5),
        document: 5,
        says: `${36 + (F[5]?.indexOf('<nvidia_smi_log') ?? 0)} bytes of unexpected data at byte ${byteLenSafe(5)} before document 5`,
      },
    },
  },
  {
    name: 'a stray `<!--` between documents, never closed',
    make: (d) => writeTemp(d, 'stray-comment.xml', F.slice(0, 5).join('') + '<!-- ' + F.slice(5, 10).join('')),
    expect: {
      exit: 0,
      documents: 10,
      warnings: { JUNK: 1 },
      samples: [10],
      firstWarning: { code: 'JUNK', offset: byteLenSafe(5), document: 5 },
    },
  },
  {
    name: 'a stray `<!--` then 900 KiB of `<nvidia_smi_log>` tokens, then a document (linear time: was 15 s)',
    make: (d) => writeTemp(d, 'token-flood.xml', F[0]! + '<!--' + '<nvidia_smi_log>'.repeat((900 * 1024) / 16) + F[1]!),
    expect: {
      exit: 0,
      documents: 2,
      warnings: { JUNK: 1 },
      samples: [2],
      firstWarning: { code: 'JUNK', offset: byteLenSafe(1), document: 1 },
    },
  },
  {
    name: '2 MB of junk between two documents (read in 1 MiB chunks: still one JUNK)',
    make: (d) => writeTemp(d, 'big-junk.xml', F[0]! + 'x'.repeat(2_000_000) + '\n' + F[1]!),
    expect: {
      exit: 0,
      documents: 2,
      warnings: { JUNK: 1 },
      samples: [2],
      firstWarning: {
        code: 'JUNK',
        offset: byteLenSafe(1),
        document: 1,
        says: `${2_000_001 + (F[1]?.indexOf('<nvidia_smi_log') ?? 0)} bytes of unexpected data at byte ${byteLenSafe(1)} before document 1`,
      },
    },
  },
  {
    name: 'an unclosed comment after the last document',
    make: (d) => writeTemp(d, 'open-comment.xml', F.slice(0, 5).join('') + '<!-- nvidia_smi_log never closed'),
    expect: {
      exit: 0,
      documents: 5,
      warnings: { JUNK: 1 },
      samples: [5],
      firstWarning: { code: 'JUNK', offset: byteLenSafe(5), document: 5 },
    },
  },
  {
    name: 'two logs appended (driver 580 H100, then driver 430 4×K80 stamped the day before)',
    make: (d) => {
      const k80 = corpusDoc('samples/tesla-k80-430.26.xml');
      // the K80 log was written the day before (a date years away makes summarize's PCIe grid huge: see the report)
      const more = ['Sun Nov 22 05:27:00 2026', 'Sun Nov 22 05:27:01 2026', 'Sun Nov 22 05:27:02 2026'].map((t) => withTimestamp(k80, t));
      return writeTemp(d, 'appended.xml', FOLDER + more.join(''));
    },
    expect: {
      exit: 0,
      documents: N + 3,
      warnings: { DRIVER_CHANGED: 1, TIME_BACKWARDS: 1, GPU_APPEARED: 4, GPU_DISAPPEARED: 1 },
      samples: [N, 3, 3, 3, 3],
      check: (s) => {
        expect(s.warnings.find((w) => w.code === 'DRIVER_CHANGED')?.message).toBe(
          `driver changes from 580.159.04 to 430.26 at document ${N} (appended logs?)`,
        );
      },
    },
  },
  {
    name: 'two logs appended years apart (the 4×K80 log from 2019 after the 2026 H100 log)',
    make: (d) => {
      const k80 = corpusDoc('samples/tesla-k80-430.26.xml');
      const more = ['Tue Dec  3 05:27:00 2019', 'Tue Dec  3 05:27:01 2019', 'Tue Dec  3 05:27:02 2019'].map((t) => withTimestamp(k80, t));
      return writeTemp(d, 'appended-years.xml', FOLDER + more.join(''));
    },
    expect: {
      exit: 0,
      documents: N + 3,
      warnings: { DRIVER_CHANGED: 1, TIME_BACKWARDS: 1, GPU_APPEARED: 4, GPU_DISAPPEARED: 1 },
      samples: [N, 3, 3, 3, 3],
      firstWarning: { code: 'TIME_BACKWARDS', offset: byteLenSafe(N) + 79, document: N, says: 'is 220109554 s before the previous one' },
    },
  },
  {
    name: 'timestamps going backwards and repeating',
    make: (d) => {
      const docs = F.slice();
      docs[20] = withTimestamp(docs[20]!, timestampOf(F[10]!));
      docs[30] = withTimestamp(docs[30]!, timestampOf(F[29]!));
      return writeTemp(d, 'backwards.xml', docs.join(''));
    },
    expect: {
      exit: 0,
      documents: N,
      warnings: { TIME_BACKWARDS: 1 },
      samples: [N],
      firstWarning: { code: 'TIME_BACKWARDS', offset: rootOffsetSafe(20), document: 20 },
    },
  },
  {
    name: 'DST fall-back in the zone given (--tz America/New_York, 01:59:59 EDT → 01:00:00 EST)',
    make: (d) =>
      writeTemp(
        d,
        'dst-fall.xml',
        dstDocs([
          'Sun Nov  1 01:59:57 2026',
          'Sun Nov  1 01:59:58 2026',
          'Sun Nov  1 01:59:59 2026',
          'Sun Nov  1 01:00:00 2026',
          'Sun Nov  1 01:00:01 2026',
        ]),
      ),
    args: ['--tz', 'America/New_York'],
    expect: {
      exit: 0,
      documents: 5,
      warnings: {},
      check: (s) => {
        expect(s.start).toBe('2026-11-01T05:59:57.000Z');
        expect(s.end).toBe('2026-11-01T06:00:01.000Z');
        expect(s.durationS).toBe(4);
        expect(s.loggingGaps.count).toBe(0);
      },
    },
  },
  {
    name: 'the same fall-back read as UTC (wrong --tz): time runs back an hour',
    make: (d) =>
      writeTemp(
        d,
        'dst-fall-utc.xml',
        dstDocs([
          'Sun Nov  1 01:59:57 2026',
          'Sun Nov  1 01:59:58 2026',
          'Sun Nov  1 01:59:59 2026',
          'Sun Nov  1 01:00:00 2026',
          'Sun Nov  1 01:00:01 2026',
        ]),
      ),
    expect: {
      exit: 0,
      documents: 5,
      warnings: { TIME_BACKWARDS: 1 },
      firstWarning: { code: 'TIME_BACKWARDS', offset: null, document: 3, says: 'is 3599 s before the previous one' },
    },
  },
  {
    name: 'DST spring-forward in the zone given (--tz America/New_York, 01:59:59 EST → 03:00:00 EDT)',
    make: (d) =>
      writeTemp(
        d,
        'dst-spring.xml',
        dstDocs(['Sun Mar  8 01:59:58 2026', 'Sun Mar  8 01:59:59 2026', 'Sun Mar  8 03:00:00 2026', 'Sun Mar  8 03:00:01 2026']),
      ),
    args: ['--tz', 'America/New_York'],
    expect: {
      exit: 0,
      documents: 4,
      warnings: {},
      check: (s) => {
        expect(s.start).toBe('2026-03-08T06:59:58.000Z');
        expect(s.end).toBe('2026-03-08T07:00:01.000Z');
        expect(s.durationS).toBe(3);
        expect(s.loggingGaps.count).toBe(0);
      },
    },
  },
  {
    name: 'an unknown --tz',
    make: (d) => writeTemp(d, 'snapshot.xml', snapshotDoc()),
    args: ['--tz', 'Mars/Olympus_Mons'],
    expect: { exit: 1, stderr: 'mc2-telemetry: invalid time zone: Mars/Olympus_Mons' },
  },
  {
    name: 'an unreadable <timestamp>',
    make: (d) => {
      const docs = F.slice(0, 5);
      docs[2] = withTimestamp(docs[2]!, 'yesterday, around tea time');
      return writeTemp(d, 'bad-ts.xml', docs.join(''));
    },
    expect: {
      exit: 0,
      documents: 5,
      warnings: { BAD_TIMESTAMP: 1 },
      samples: [5],
      firstWarning: { code: 'BAD_TIMESTAMP', offset: rootOffsetSafe(2), document: 2 },
    },
  },
  {
    name: 'a GPU that disappears (documents 3–4) and returns',
    make: (d) => {
      const base = corpusDoc('influxdata_telegraf/dual_a5000-v13.xml');
      const docs = Array.from({ length: 8 }, (_, i) => withTimestamp(base, `Tue Dec 30 09:46:${String(50 + i).padStart(2, '0')} 2025`));
      docs[3] = withoutGpu(docs[3]!, 1);
      docs[4] = withoutGpu(docs[4]!, 1);
      return writeTemp(d, 'gpu-gone.xml', docs.join(''));
    },
    expect: {
      exit: 0,
      documents: 8,
      warnings: { GPU_DISAPPEARED: 1 },
      samples: [8, 6],
      firstWarning: {
        code: 'GPU_DISAPPEARED',
        offset: null,
        document: 3,
        says: 'GPU-12345678-aaaa-bbbb-cccc-0123456789cd is missing from documents 3 to 4',
      },
    },
  },
  {
    name: 'a GPU that appears after the first document',
    make: (d) => {
      const base = corpusDoc('influxdata_telegraf/dual_a5000-v13.xml');
      const docs = Array.from({ length: 4 }, (_, i) => withTimestamp(base, `Tue Dec 30 09:46:${String(50 + i).padStart(2, '0')} 2025`));
      docs[0] = withoutGpu(docs[0]!, 1);
      docs[1] = withoutGpu(docs[1]!, 1);
      return writeTemp(d, 'gpu-late.xml', docs.join(''));
    },
    expect: {
      exit: 0,
      documents: 4,
      warnings: { GPU_APPEARED: 1 },
      samples: [4, 2],
      firstWarning: { code: 'GPU_APPEARED', offset: null, document: 2 },
    },
  },
  {
    name: 'a document with no <gpu>',
    make: (d) => {
      const docs = F.slice(0, 3);
      docs[1] = withoutGpu(docs[1]!, 0);
      return writeTemp(d, 'no-gpu.xml', docs.join(''));
    },
    expect: {
      exit: 0,
      documents: 3,
      warnings: { NO_GPU: 1, GPU_DISAPPEARED: 1 },
      samples: [2],
      firstWarning: { code: 'NO_GPU', offset: rootOffsetSafe(1), document: 1 },
    },
  },
  {
    name: 'the same <gpu id> twice in one document (a splice), between two good ones',
    make: (d) => {
      const s = F[1]!;
      const b = gpuBlocks(s)[0]!;
      return writeTemp(d, 'dup-gpu.xml', F[0]! + s.slice(0, b[1]) + s.slice(b[0], b[1]) + s.slice(b[1]) + F[2]!);
    },
    expect: {
      exit: 0,
      documents: 2,
      warnings: { CORRUPT_DOCUMENT: 1 },
      samples: [2],
      firstWarning: { code: 'CORRUPT_DOCUMENT', offset: null, document: 1, says: 'twice: two documents spliced' },
    },
  },
  {
    name: 'plain log appended to a .gz file (gzip of the first 10 documents, then 5 plain ones)',
    make: (d) =>
      writeTemp(d, 'tail.xml.gz', Buffer.concat([gzipSync(Buffer.from(F.slice(0, 10).join(''))), Buffer.from(F.slice(10, 15).join(''))])),
    expect: {
      exit: 0,
      documents: 10,
      warnings: { GZIP_ERROR: 1 },
      samples: [10],
      firstWarning: {
        code: 'GZIP_ERROR',
        offset: byteLenSafe(10),
        document: null,
        says: `the gzip data ends after ${byteLenSafe(10)} decompressed bytes and what follows in the file is not gzip (plain data appended to the .gz?); it is not read`,
      },
    },
  },
  {
    name: 'two loggers appending to one file (real H200 capture, `>>` twice)',
    make: () => fixturePath('damaged/h200-two-loggers-append.xml.gz'),
    expect: {
      exit: 0,
      check: (s, _run, file) => {
        const o = twoWriterCounts(loadText(file));
        expect(s.documents).toBe(o.wellFormed);
        expect(s.warningCounts).toEqual({
          TRUNCATED_DOCUMENT: o.cut,
          JUNK: o.orphanEnds,
          CORRUPT_DOCUMENT: o.complete - o.wellFormed,
          INTERLEAVED_WRITERS: 1,
        });
        expect(s.warnings.find((w) => w.code === 'INTERLEAVED_WRITERS')!.message).toContain(
          `${o.cut} documents cut by another's start, ${o.orphanEnds} document ends with no start`,
        );
      },
    },
  },
  {
    name: 'nvidia-smi stderr lines at the 4 KiB flush points (`2>&1`)',
    make: (d) => writeTemp(d, 'stderr.xml', withStderrAtFlushes(F.slice(0, 10).join(''), STDERR_LINE).text),
    expect: {
      exit: 0,
      documents: 10,
      warnings: { STDERR_IN_DOCUMENT: 1 },
      samples: [10],
      check: async (s) => {
        const { inside } = withStderrAtFlushes(F.slice(0, 10).join(''), STDERR_LINE);
        expect(s.warnings[0]!.message).toMatch(
          new RegExp(
            `^${inside.lines} nvidia-smi stderr lines inside ${inside.documents} documents \\(first in document ${inside.first}: `,
          ),
        );
        // every figure equals the clean log's: no stderr text reached a value
        const clean = await runCli(['summarize', '--json', writeTemp(tmp.dir, 'clean.xml', F.slice(0, 10).join(''))]);
        const c = JSON.parse(clean.stdout) as SummaryOut;
        expect(s.gpus).toEqual(c.gpus);
      },
    },
  },
  {
    name: 'a GPU that answers Unknown Error (documents 5–6), then falls off the bus',
    make: (d) => {
      const lost = (doc: string): string =>
        doc.replace(
          /(<(?:power_draw|average_power_draw|instant_power_draw|gpu_util|memory_util|gpu_temp|used)>)[^<]*(<)/g,
          '$1Unknown Error$2',
        );
      const docs = F.slice(0, 10).map((doc, k) => (k === 5 || k === 6 ? lost(doc) : k > 6 ? withoutGpu(doc, 0) : doc));
      return writeTemp(d, 'lost.xml', docs.join(''));
    },
    expect: {
      exit: 0,
      documents: 10,
      warnings: { GPU_LOST: 1, NO_GPU: 3, GPU_DISAPPEARED: 1 },
      samples: [7],
      firstWarning: {
        code: 'GPU_LOST',
        offset: rootOffsetSafe(5),
        document: 5,
        says: 'stops reporting power, utilisation, temperature and memory in document 5',
      },
    },
  },
  {
    name: 'a 100 MB document with no newline between two good ones',
    make: (d) => {
      const flat = (s: string): string => s.replace(/\n/g, '');
      const big = flat(F[1]!).replace('<nvidia_smi_log>', `<nvidia_smi_log><padding>${'x'.repeat(100_000_000)}</padding>`);
      return writeTemp(d, 'huge.xml', flat(F[0]!) + big + flat(F[2]!));
    },
    expect: {
      exit: 0,
      documents: 2,
      warnings: { DOCUMENT_TOO_LARGE: 1 },
      samples: [2],
      firstWarning: { code: 'DOCUMENT_TOO_LARGE', offset: null, document: 1, says: 'exceeds 67108864 bytes; skipped' },
    },
  },
  {
    name: '10 000 processes on one GPU',
    make: (d) => {
      const procs = Array.from(
        { length: 10_000 },
        (_, i) =>
          `\t\t\t<process_info>\n\t\t\t\t<gpu_instance_id>N/A</gpu_instance_id>\n\t\t\t\t<compute_instance_id>N/A</compute_instance_id>\n\t\t\t\t<pid>${100000 + i}</pid>\n\t\t\t\t<type>C</type>\n\t\t\t\t<process_name>python3</process_name>\n\t\t\t\t<used_memory>8 MiB</used_memory>\n\t\t\t</process_info>\n`,
      ).join('');
      return writeTemp(d, 'many-procs.xml', snapshotDoc().replace(/<processes>\s*<\/processes>/, `<processes>\n${procs}\t\t</processes>`));
    },
    expect: {
      exit: 0,
      documents: 1,
      warnings: {},
      samples: [1],
      check: (s) => expect(s.gpus[0]!.processes).toEqual({ distinctPids: 10_000, maxConcurrent: 10_000 }),
    },
  },
  ...(['fast', 'reference'] as const).flatMap((parser): Case[] => [
    {
      name: `inline DTD with nested entities (billion laughs), --parser ${parser}`,
      make: (d) => {
        const ents = ['<!ENTITY lol "lol">'];
        for (let k = 1; k <= 9; k++) ents.push(`<!ENTITY lol${k} "${`&lol${k === 1 ? '' : k - 1};`.repeat(10)}">`);
        const doc = F[1]!
          .replace('<!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v13.dtd">', `<!DOCTYPE nvidia_smi_log [\n${ents.join('\n')}\n]>`)
          .replace(/<product_name>[^<]*<\/product_name>/, '<product_name>&lol9;</product_name>');
        return writeTemp(d, `laughs-${parser}.xml`, F[0]! + doc + F[2]!);
      },
      args: ['--parser', parser],
      expect: {
        exit: 0,
        documents: 3,
        warnings: {},
        samples: [3],
        check: (_s, run) => {
          expect(run.stdout.length).toBeLessThan(200_000);
          expect(run.stdout).not.toContain('lollol');
        },
      },
    },
    {
      name: `external entity reference to file:///etc/passwd (never read), --parser ${parser}`,
      make: (d) => {
        const doc = F[0]!
          .replace(
            '<!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v13.dtd">',
            '<!DOCTYPE nvidia_smi_log [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n%remote;\n]>',
          )
          .replace(/<product_name>[^<]*<\/product_name>/, '<product_name>&xxe;</product_name>');
        return writeTemp(d, `xxe-${parser}.xml`, doc);
      },
      args: ['--parser', parser],
      expect: {
        exit: 0,
        documents: 1,
        warnings: {},
        check: (s, run) => {
          expect(s.gpus[0]!.name).toBe('&xxe;');
          expect(run.stdout + run.stderr).not.toContain(PASSWD_LINE);
        },
      },
    },
    {
      name: `CDATA in a value, --parser ${parser}`,
      make: (d) =>
        writeTemp(
          d,
          `cdata-${parser}.xml`,
          F[0]!.replace(/<product_name>[^<]*<\/product_name>/, '<product_name><![CDATA[NVIDIA <H100> & "co"]]></product_name>'),
        ),
      args: ['--parser', parser],
      expect: { exit: 0, documents: 1, warnings: {}, check: (s) => expect(s.gpus[0]!.name).toBe('NVIDIA <H100> & "co"') },
    },
  ]),
  {
    name: 'XML comments everywhere (in and between documents, one holding `<nvidia_smi_log>`)',
    make: (d) => {
      const docs = F.slice(0, 5).map((x) => x.replace(/>/g, '><!-- c -->'));
      return writeTemp(d, 'comments.xml', docs.join('<!-- <nvidia_smi_log> fake start -->\n'));
    },
    expect: {
      exit: 0,
      documents: 5,
      warnings: {},
      samples: [5],
      check: async (s, _run, file) => {
        // the same values as the clean documents
        const clean = await readLog({ text: F.slice(0, 5).join('') });
        const got = await readLog(file);
        expect(got.gpus[0]!.columns.powerW).toEqual(clean.gpus[0]!.columns.powerW);
        expect(got.gpus[0]!.columns.fbUsedMiB).toEqual(clean.gpus[0]!.columns.fbUsedMiB);
        expect(s.gpus[0]!.name).toBe('NVIDIA H100 80GB HBM3');
      },
    },
  },
  {
    name: 'CRLF line ends and a BOM (log copied through Windows)',
    make: (d) => writeTemp(d, 'crlf.xml', '\uFEFF' + F.slice(0, 10).join('').replace(/\n/g, '\r\n')),
    expect: { exit: 0, documents: 10, warnings: {}, samples: [10] },
  },
  {
    name: 'documents glued with no newline between them',
    make: (d) =>
      writeTemp(
        d,
        'glued.xml',
        F.slice(0, 6)
          .map((x) => x.trimEnd())
          .join(''),
      ),
    expect: { exit: 0, documents: 6, warnings: {}, samples: [6] },
  },
  {
    name: 'non-UTF-8 bytes in a process name',
    make: (d) => {
      const docs = perfileDocs().slice(0, 30).join('');
      const parts = docs.split('<process_name>python3</process_name>');
      expect(parts.length).toBeGreaterThan(2);
      const bad = Buffer.from([0x3c, ...Buffer.from('process_name>p'), 0xff, 0xfe, 0xc0, ...Buffer.from('y</process_name')]);
      const chunks: Buffer[] = [];
      parts.forEach((p, i) => {
        if (i > 0) chunks.push(bad, Buffer.from('>'));
        chunks.push(Buffer.from(p));
      });
      return writeTemp(d, 'latin.xml', Buffer.concat(chunks));
    },
    expect: {
      exit: 0,
      documents: 30,
      warnings: {},
      samples: [30],
      check: async (_s, _run, file) => {
        const log = await readLog(file);
        expect(log.gpus[0]!.processes.names).toEqual(['p\uFFFD\uFFFD\uFFFDy']);
      },
    },
  },
  {
    name: 'a gzip log named .xml (gzip found by its magic bytes)',
    make: (d) => writeTemp(d, 'really-gz.xml', gzipSync(FOLDER)),
    expect: { exit: 0, documents: N, warnings: {}, samples: [N] },
  },
  {
    name: 'a truncated .gz (cut after document 20)',
    make: (d) => {
      const { gz, after } = gzipFlushed(F);
      return writeTemp(d, 'cut.xml.gz', gz.subarray(0, after[20]!));
    },
    expect: {
      exit: 0,
      documents: 21,
      warnings: { GZIP_ERROR: 1 },
      samples: [21],
      firstWarning: {
        code: 'GZIP_ERROR',
        offset: byteLenSafe(21),
        document: null,
        says: `gzip stream truncated after ${byteLenSafe(21)} decompressed bytes`,
      },
    },
  },
  {
    name: 'a truncated .gz (cut inside document 21)',
    make: (d) => {
      const { gz, after } = gzipFlushed(F);
      return writeTemp(d, 'cut-mid.xml.gz', gz.subarray(0, after[20]! + Math.floor((after[21]! - after[20]!) / 2)));
    },
    expect: { exit: 0, documents: 21, warnings: { GZIP_ERROR: 1, TRUNCATED_DOCUMENT: 1 }, samples: [21] },
  },
  {
    name: 'the real gzip -9 capture cut in half',
    make: (d) => {
      const gz = readFileSync(join(CAPTURES_DIR, 'h100-perfile.xml.gz'));
      return writeTemp(d, 'half.xml.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    },
    expect: {
      exit: 0,
      warnings: { GZIP_ERROR: 1, TRUNCATED_DOCUMENT: 1 },
      check: (s, _run, file) => {
        // independent count: Python's zlib decodes the prefix, a regex counts complete documents
        const py = `import zlib,sys\nd=zlib.decompressobj(31).decompress(open(sys.argv[1],'rb').read())\nprint(d.count(b'</nvidia_smi_log>'))`;
        const complete = Number(execFileSync('python3', ['-c', py, file], { encoding: 'utf8' }).trim());
        expect(complete).toBeGreaterThan(10);
        expect(s.documents).toBe(complete);
      },
    },
  },
  {
    name: 'a corrupt .gz (bad deflate block after document 20)',
    make: (d) => {
      const { gz, after } = gzipFlushed(F);
      const bad = Buffer.from(gz);
      bad[after[20]!] = 0x07; // BFINAL=1, BTYPE=11: reserved, invalid
      return writeTemp(d, 'corrupt.xml.gz', bad);
    },
    expect: {
      exit: 0,
      documents: 21,
      warnings: { GZIP_ERROR: 1 },
      samples: [21],
      firstWarning: {
        code: 'GZIP_ERROR',
        offset: byteLenSafe(21),
        document: null,
        says: `gzip stream corrupt after ${byteLenSafe(21)} decompressed bytes`,
      },
    },
  },
  {
    name: 'a .gz with a corrupt header (nothing decodes)',
    make: (d) => {
      const bad = Buffer.from(gzipSync(FOLDER));
      bad[2] = 0x00; // compression method 0: unknown
      return writeTemp(d, 'bad-header.xml.gz', bad);
    },
    expect: {
      exit: 2,
      stderr: 'FILE: gzip stream corrupt after 0 decompressed bytes (unknown compression method): no nvidia-smi XML document could be read',
    },
  },
  {
    name: 'an empty .gz',
    make: (d) => writeTemp(d, 'empty.xml.gz', gzipSync('')),
    expect: { exit: 2, stderr: 'FILE: empty file: no nvidia-smi XML document' },
  },
  {
    name: 'a -lms 200 log (3–4 documents per timestamp second)',
    make: () => fixturePath('captures/h100-perfile-lms.xml.gz'),
    expect: { exit: 0, documents: 207, warnings: {}, samples: [207] },
  },
  {
    name: 'a directory given as FILE',
    make: (d) => {
      const p = join(d, 'a-folder.xml');
      mkdirSync(p);
      return p;
    },
    expect: { exit: 2, stderr: 'FILE: is a directory, not a log file' },
  },
  {
    name: 'an unreadable file (chmod 000)',
    make: (d) => {
      const p = writeTemp(d, 'locked.xml', snapshotDoc());
      chmodSync(p, 0o000);
      return p;
    },
    skip: (file) => {
      try {
        accessSync(file, constants.R_OK);
        return 'running as a user who can read a chmod 000 file (root): the unreadable-path case cannot be produced here';
      } catch {
        return null;
      }
    },
    expect: { exit: 2, stderr: 'FILE: permission denied' },
  },
  { name: 'a path that does not exist', make: (d) => join(d, 'no-such-log.xml'), expect: { exit: 2, stderr: 'FILE: no such file' } },
];

function rootOffsetSafe(k: number): number {
  return F.length > k ? rootOffset(F, k) : -1;
}
function byteLenSafe(k: number): number {
  return byteLen(F.slice(0, k).join(''));
}

interface Row {
  name: string;
  exit: number;
  message: string;
  documents: string;
  warnings: string;
}

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('mc2-bad-');
});
afterAll(() => {
  tmp?.cleanup();
});

/** What one case yields: run once, shared by its own test and the docs table (so neither depends on the other having run). */
interface Outcome {
  file: string;
  skipped: string | null;
  run: CliRun | null;
}
const outcomes = new Map<string, Promise<Outcome>>();
function outcome(c: Case): Promise<Outcome> {
  let o = outcomes.get(c.name);
  if (o === undefined) {
    o = (async () => {
      const file = c.make(tmp.dir);
      const skipped = c.skip?.(file) ?? null;
      return { file, skipped, run: skipped === null ? await runCli(['summarize', '--json', ...(c.args ?? []), file]) : null };
    })();
    outcomes.set(c.name, o);
  }
  return o;
}

/** The docs table's row for a case. */
function rowOf(c: Case, o: Outcome): Row {
  if (o.run === null) return { name: c.name, exit: c.expect.exit, message: c.expect.stderr ?? '', documents: '–', warnings: '–' };
  const shown = (t: string): string => t.split(o.file).join('FILE');
  const s = o.run.code === 0 ? (JSON.parse(o.run.stdout) as SummaryOut) : null;
  const counts = s
    ? Object.entries(s.warningCounts)
        .map(([k, v]) => (v > 1 ? `${k} ×${v}` : k))
        .join(', ') || 'none'
    : '–';
  return {
    name: c.name,
    exit: o.run.code,
    message: s ? shown(s.warnings[0]?.message ?? '') : shown(o.run.stderr.trim()).replace(/^mc2-telemetry: /, ''),
    documents: s ? String(s.documents) : '0 (error)',
    warnings: counts,
  };
}

describe.skipIf(!HAVE_MATERIAL)('bad-input catalogue: what `summarize --json FILE` yields', () => {
  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of CASES) {
    it(c.name, async (ctx) => {
      const { file, skipped, run } = await outcome(c);
      if (run === null) {
        console.warn(`skipped "${c.name}": ${skipped}`);
        ctx.skip();
        return;
      }
      const e = c.expect;
      const shown = (s: string): string => s.split(file).join('FILE');
      expect(run.code).toBe(e.exit);
      if (e.stderr !== undefined) {
        const want = e.stderr === '' ? '' : `${e.stderr.startsWith('mc2-telemetry: ') ? e.stderr : `mc2-telemetry: ${e.stderr}`}\n`;
        expect(shown(run.stderr)).toBe(want);
      }
      // a failure is one line, never a stack trace
      expect(run.stderr).not.toMatch(/\n\s+at /);
      if (e.exit === 0) {
        const s = JSON.parse(run.stdout) as SummaryOut;
        if (e.documents !== undefined) expect(s.documents).toBe(e.documents);
        if (e.warnings !== undefined) expect(s.warningCounts).toEqual(e.warnings);
        if (e.samples !== undefined) expect(s.gpus.map((g) => g.samples)).toEqual(e.samples);
        if (e.firstWarning !== undefined) {
          const w = s.warnings[0]!;
          expect(w.code).toBe(e.firstWarning.code);
          if (e.firstWarning.offset !== null) expect(w.offset).toBe(e.firstWarning.offset);
          expect(w.document).toBe(e.firstWarning.document);
          if (e.firstWarning.says !== undefined) expect(w.message).toContain(e.firstWarning.says);
        }
        await e.check?.(s, run, file);
      } else {
        expect(run.stdout).toBe('');
      }
    });
  }

  it('docs/bad-input.md lists every case with the outcome measured here', async () => {
    const byName = new Map<string, Row>();
    for (const c of CASES) byName.set(c.name, rowOf(c, await outcome(c)));
    const esc = (t: string): string => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    const table = [
      '| input | exit | message (first warning, or the error) | documents kept | warnings |',
      '|---|---|---|---|---|',
      ...CASES.map((c) => {
        const r = byName.get(c.name)!;
        return `| ${esc(r.name)} | ${r.exit} | ${esc(r.message.length > 160 ? `${r.message.slice(0, 157)}…` : r.message)} | ${r.documents} | ${r.warnings} |`;
      }),
    ].join('\n');
    const path = join(ROOT, 'docs', 'bad-input.md');
    const BEGIN = '<!-- catalogue:begin (generated by test/bad-input/catalogue.test.ts) -->';
    const END = '<!-- catalogue:end -->';
    let doc = '';
    try {
      doc = readFileSync(path, 'utf8');
    } catch {
      doc = '';
    }
    const a = doc.indexOf(BEGIN);
    const b = doc.indexOf(END);
    if (process.env.MC2_WRITE_DOCS === '1' && a >= 0 && b > a) {
      writeFileSync(path, `${doc.slice(0, a + BEGIN.length)}\n${table}\n${doc.slice(b)}`);
      return;
    }
    expect(a, 'docs/bad-input.md has the catalogue markers').toBeGreaterThanOrEqual(0);
    expect(doc.slice(a + BEGIN.length, b).trim()).toBe(table);
  });
});
