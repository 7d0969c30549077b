import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LiveLog, analyzeLog, parseDocument, readLog, splitDocuments } from '../src/advanced.js';
import { ROOT } from './helpers/corpus.js';
import { rawActivity, rawDocs } from './helpers/raw-activity.js';

/**
 * LiveLog, fed one parsed document at a time (as `watch` and a script following a log feed it),
 * reaches the figures of the independent reading and of readLog + analyzeLog on the same file.
 */
const file = (name: string): string => join(ROOT, 'fixtures', 'captures', `h200-${name}.xml.gz`);

async function live(path: string): Promise<LiveLog> {
  const l = new LiveLog('UTC');
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const bytes = gunzipSync(readFileSync(path));
    for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096); // as a logger writes
  }
  for await (const d of splitDocuments(chunks(), { onWarning: (w) => l.warn(w) })) {
    l.add(parseDocument(d.bytes, { ordinal: d.ordinal, offset: d.offset }));
  }
  return l;
}

describe('LiveLog', () => {
  it.each(['folder24', 'perfile8'])(
    '%s: documents, samples and idle gaps as the independent reading, duty cycle as analyzeLog',
    async (name) => {
      const raw = rawDocs(file(name));
      const want = rawActivity(raw);
      const l = await live(file(name));
      const s = l.summary(name);
      expect(s.documents).toBe(raw.length);
      expect(s.damagedDocuments).toBe(0);
      expect(s.gpus).toHaveLength(1);
      expect(s.gpus[0]!.samples).toBe(raw.length);
      expect(s.gpus[0]!.idleGaps.count).toBe(want.gaps.length);
      expect(s.gpus[0]!.activeSpanS).toBeCloseTo(want.activeSpanS, 9);
      const a = analyzeLog(await readLog(file(name)));
      expect(s.gpus[0]!.dutyCycle).toBe(a.gpus[0]!.duty.dutyCycle);
    },
  );

  it('one process per movie leaves idle gaps between movies; one long-lived process none', async () => {
    const folder = (await live(file('folder24'))).summary('folder24').gpus[0]!;
    const perfile = (await live(file('perfile8'))).summary('perfile8').gpus[0]!;
    expect(folder.idleGaps.count).toBe(0);
    expect(perfile.idleGaps.count).toBeGreaterThan(0);
    expect(perfile.dutyCycle!).toBeLessThan(folder.dutyCycle!);
  });
});
