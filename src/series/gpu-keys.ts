import type { TelemetryWarning } from '../errors.js';
import type { Sample } from '../parse/sample.js';

/**
 * The series key of each GPU of a document, as every reader of a log keys GPUs (readLog's builder
 * and watch): its UUID, else its bus id, else its position; two GPUs that share a UUID (anonymised
 * samples do) are told apart by bus id (`UUID@bus`). A GPU whose key an earlier GPU of the document
 * already has is null (the first is kept: DUPLICATE_GPU).
 *
 * @example gpuKeys(sample) // ['GPU-9c38fb25-…', 'GPU-9c38fb25-…@00000000:02:00.0']
 */
export function gpuKeys(s: Sample): (string | null)[] {
  const seen = new Map<string, string | null>();
  return s.gpus.map((g, k) => {
    const bus = g.identity.busId ?? g.id;
    let key = g.identity.uuid ?? bus ?? `gpu${k}`;
    if (seen.has(key) && g.identity.uuid !== null && seen.get(key) !== bus && bus !== null) key = `${g.identity.uuid}@${bus}`;
    if (seen.has(key)) return null;
    seen.set(key, bus);
    return key;
  });
}

/**
 * The DUPLICATE_GPU warning for GPU `k` of a document, whose key {@link gpuKeys} gave null.
 *
 * @example duplicateGpuWarning(sample, 1).message // 'document 4 lists GPU GPU-9c38fb25-… twice; the first is kept'
 */
export function duplicateGpuWarning(s: Sample, k: number): TelemetryWarning {
  const g = s.gpus[k]!;
  return {
    code: 'DUPLICATE_GPU',
    message: `document ${s.ordinal} lists GPU ${g.identity.uuid ?? g.identity.busId ?? g.id ?? `gpu${k}`} twice; the first is kept`,
    offset: s.offset,
    document: s.ordinal,
  };
}
