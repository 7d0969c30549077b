import { existsSync, statSync } from 'node:fs';
import { archiveMembers, isTarArchive } from '../io/archive.js';
import type { InputSource } from '../io/open-input.js';
import { pairedInput } from './common.js';
import { runLabel } from '../table/blocks.js';

export interface LabeledFile {
  label: string;
  file: string;
  /** Job number from a `FILE#N` suffix (1-based), else null. */
  job: number | null;
}

/**
 * Splits `label=FILE` and `label=FILE#N` arguments (job N of the file, 1-based). An argument is a
 * plain file when it names an existing file, or when the part before `=` is empty or holds a path
 * separator; the label then defaults to the file name without `.xml`/`.xml.gz` (and `#N`).
 * Runs given one label are repeats of one configuration; default labels that repeat get `#2`, `#3`.
 *
 * @example labeledFiles(['folder=a.xml.gz', 'folder=b.xml#2']) // [{label:'folder',file:'a.xml.gz',job:null}, {label:'folder',file:'b.xml',job:2}]
 */
export function labeledFiles(args: readonly string[]): LabeledFile[] {
  const seen = new Map<string, number>();
  return args.map((a) => {
    const eq = a.indexOf('=');
    const explicit = eq > 0 && !/[\\/]/.test(a.slice(0, eq)) && !existsSync(a);
    let file = explicit ? a.slice(eq + 1) : a;
    let job: number | null = null;
    const m = /^(.*)#(\d+)$/.exec(file);
    if (m && !existsSync(file)) {
      file = m[1]!;
      job = Number(m[2]);
    }
    if (explicit) return { label: a.slice(0, eq), file, job };
    const label = file === '-' ? 'stdin' : `${runLabel(file)}${job !== null ? `#${job}` : ''}`;
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return { label: n > 1 ? `${label}#${n}` : label, file, job };
  });
}

/** A run to read: its label and job as given, and what to read (a path, or an archive member's bytes). */
export interface RunInput extends LabeledFile {
  /** What readLog reads. */
  source: InputSource;
  /** The name used in messages and output: the path, or `archive.tar.gz:member.xml`. */
  name: string;
  /** A process log of the same run (`gpu.csv+apps.csv`). */
  processes?: string;
}

/**
 * The runs behind labelled file arguments: a tar archive (plain, gzip, xz, zstd or bzip2) gives
 * one run per regular member, named `archive.tar.gz:member.xml` and labelled `label:member`;
 * `gpu.csv+apps.csv` gives one run with its process log; anything else is itself.
 */
export async function* runInputs(files: readonly LabeledFile[]): AsyncGenerator<RunInput> {
  for (const f of files) {
    if (f.file !== '-' && existsSync(f.file) && statSync(f.file).isFile() && (await isTarArchive(f.file))) {
      for await (const m of archiveMembers(f.file)) {
        const member = m.name.replace(/^\.\//, '');
        yield {
          ...f,
          label: `${f.label}:${member.replace(/\.(xml|csv|txt|log)(\.gz)?$/, '')}`,
          source: m.bytes,
          name: `${f.file}:${member}`,
        };
      }
      continue;
    }
    const pair = pairedInput(f.file);
    yield {
      ...f,
      source: pair.file,
      name: f.file === '-' ? '<stdin>' : f.file,
      ...(pair.processes !== undefined ? { processes: pair.processes } : {}),
    };
  }
}
