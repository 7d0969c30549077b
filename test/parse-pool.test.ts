import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLog } from '../src/index.js';
import { resolveWorkers } from '../src/series/read-log.js';
import { CAPTURES_DIR, fixtureFiles, HAVE_CAPTURES } from './helpers/corpus.js';

describe('parsing on worker threads', () => {
  it.skipIf(!HAVE_CAPTURES)('gives the same log as parsing in this thread', async () => {
    for (const f of [join(CAPTURES_DIR, 'h100-perfile.xml.gz'), ...fixtureFiles('captures')]) {
      const inline = await readLog(f);
      const pooled = await readLog(f, { workers: 2 });
      expect(pooled).toStrictEqual(inline);
    }
  });

  it('reports a corrupt document at the same byte offset as in this thread', async () => {
    const doc = (n: number, body = '<uuid>GPU-1</uuid>') =>
      `<?xml version="1.0" ?>\n<nvidia_smi_log><timestamp>Mon Nov 23 19:00:0${n} 2026</timestamp><gpu id="0000:01:00.0">${body}</gpu></nvidia_smi_log>\n`;
    const text = doc(0) + doc(1, '<uuid>GPU-1</uuid><fb_memory_usage><used>1 MiB</used></fb_memory_usagX>') + doc(2);
    const inline = await readLog({ text });
    const pooled = await readLog({ text }, { workers: 1 });
    expect(pooled.warnings).toEqual(inline.warnings);
    expect(pooled.warnings[0]).toMatchObject({ code: 'CORRUPT_DOCUMENT', document: 1, offset: text.indexOf('</fb_memory_usagX>') });
    expect(pooled.documents).toBe(2);
  });

  it('auto uses workers only for large inputs, and rejects a bad count', () => {
    expect(resolveWorkers('auto', 10 << 20, false, 8)).toBe(0);
    expect(resolveWorkers('auto', 100 << 20, false, 8)).toBe(4);
    expect(resolveWorkers('auto', 100 << 20, false, 3)).toBe(2);
    expect(resolveWorkers('auto', 100 << 20, false, 2)).toBe(0);
    expect(resolveWorkers('auto', 5 << 20, true, 8)).toBe(4);
    expect(resolveWorkers('auto', null, false, 8)).toBe(0);
    expect(resolveWorkers(3, null, false)).toBe(3);
    expect(() => resolveWorkers(-1, null, false)).toThrow('invalid workers: -1');
  });
});
