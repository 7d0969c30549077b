import { existsSync } from 'node:fs';
import { runLabel } from '../table/blocks.js';

export interface LabeledFile {
  label: string;
  file: string;
}

/**
 * Splits `label=FILE` arguments. An argument is a plain file when it names an existing file, or when
 * the part before `=` is empty or holds a path separator; the label then defaults to the file name
 * without `.xml`/`.xml.gz`. Duplicate labels get `#2`, `#3`.
 *
 * @example labeledFiles(['folder=a.xml.gz', 'b.xml']) // [{label:'folder',file:'a.xml.gz'}, {label:'b',file:'b.xml'}]
 */
export function labeledFiles(args: readonly string[]): LabeledFile[] {
  const seen = new Map<string, number>();
  return args.map((a) => {
    const eq = a.indexOf('=');
    let label: string;
    let file: string;
    if (eq > 0 && !/[\\/]/.test(a.slice(0, eq)) && !existsSync(a)) {
      label = a.slice(0, eq);
      file = a.slice(eq + 1);
    } else {
      file = a;
      label = file === '-' ? 'stdin' : runLabel(file);
    }
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return { label: n > 1 ? `${label}#${n}` : label, file };
  });
}
