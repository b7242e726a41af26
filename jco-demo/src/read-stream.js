// Reads a `stream<u8>` that jco's glue returned to its end, as the page and
// the Node tests do: with `read({count})`, which jco answers with up to
// `count` bytes at a time (`for await` gets one byte a step).

/**
 * Every byte `stream` carries, read `count` at a time until it ends. The
 * glue refuses a count of 0, which an empty range asks for: at least 1.
 * @returns {Promise<Uint8Array>}
 */
export async function readToEnd(stream, count) {
  const bytes = [];
  for (;;) {
    const { value, done } = await stream.read({ count: Math.max(count, 1) });
    if (done) return Uint8Array.from(bytes);
    for (const byte of value) bytes.push(byte);
  }
}
