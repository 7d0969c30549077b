import { existsSync } from 'node:fs';
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
