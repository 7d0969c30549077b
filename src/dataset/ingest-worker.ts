/** Worker-thread entry for {@link ingest}: ingests the logs it is sent, one at a time. */
import { parentPort } from 'node:worker_threads';
import { ingestOne, type IngestTask } from './ingest-one.js';

parentPort?.on('message', (m: { seq: number; task: IngestTask }) => {
  ingestOne(m.task).then(
    (result) => parentPort!.postMessage({ seq: m.seq, result }),
    (e: unknown) => parentPort!.postMessage({ seq: m.seq, error: e instanceof Error ? e.message : String(e) }),
  );
});
