/**
 * A web ReadableStream as an async generator of its chunks. Stopped early, the stream is released
 * (the caller may read on) or, with `cancel`, cancelled without waiting on it.
 *
 * @example for await (const c of webToAsync(response.body!)) total += c.length;
 */
export async function* webToAsync(s: ReadableStream<Uint8Array>, options: { cancel?: boolean } = {}): AsyncGenerator<Uint8Array> {
  const reader = s.getReader();
  let done = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) {
        done = true;
        return;
      }
      yield r.value;
    }
  } finally {
    if (options.cancel === true && !done) void reader.cancel().catch(() => undefined);
    else reader.releaseLock();
  }
}
