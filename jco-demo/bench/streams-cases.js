// The streams component's calls through jco's glue, the same in Node and in
// a browser: `stream<u8>` writes and reads against `list<u8>` ones of the
// same size on the same instance, and reading a stream with `read({count})`
// against `for await`. At 16 B a stream call's time is the glue's fixed
// cost; the Rust host's, for the same component, is in the runner's
// `streams` table, which .ci/bench prints beside these.

const SIZES = [16, 65536];

/** 11 batches of about 20 ms per row; or, quick, one batch of one call (see .ci/bench). */
const FULL = { samples: 11, sampleMs: 20 };
const QUICK = { samples: 1, sampleMs: 0 };

const human = (bytes) => (bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`);

/** Median nanoseconds per call of the async `op`, over batches of about `plan.sampleMs`. */
async function measure(op, plan) {
  await op(); // the first call compiles and optimises
  const started = performance.now();
  await op();
  const batch = Math.max(1, Math.round(plan.sampleMs / Math.max(performance.now() - started, 0.001)));
  const samples = [];
  for (let s = 0; s < plan.samples; s++) {
    const begun = performance.now();
    for (let i = 0; i < batch; i++) await op();
    samples.push(((performance.now() - begun) * 1e6) / batch);
  }
  return samples.sort((a, b) => a - b)[samples.length >> 1];
}

/**
 * Runs every case on one instance of the streams component and returns rows
 * for the report.
 * @param {{ buffer: object, streams: object }} component from loadComponent
 * @param {boolean} [quick] one call per row
 */
export async function runStreamCases({ buffer, streams }, quick = false) {
  const plan = quick ? QUICK : FULL;
  const rows = [];
  const group = 'streams through jco';
  const row = (name, path, bytes, nsPerOp, baseline) =>
    rows.push({ group, name, path, bytes, ns_per_op: nsPerOp, baseline: baseline?.[0] ?? null,
      ratio: baseline ? nsPerOp / baseline[1] : null, gb_per_s: bytes ? bytes / nsPerOp : null, floor: false });

  for (const size of SIZES) {
    const source = Uint8Array.from({ length: size }, (_, i) => i % 251);
    const write = [`write ${human(size)}`, await measure(async () => buffer.write(0, source), plan)];
    row(write[0], 'write: Uint8Array in (jco)', size, write[1]);
    row(`writeViaStream ${human(size)}`, 'stream: one Uint8Array in an array', size,
      await measure(() => streams.writeViaStream(0, size, [source]), plan), write);
    const read = [`read ${human(size)}`, await measure(async () => buffer.read(0, size), plan)];
    row(read[0], 'read: Uint8Array out (jco)', size, read[1]);
    row(`readViaStream ${human(size)}, read({count})`, 'stream: read({count}) to its end', size,
      await measure(async () => readAll(await streams.readViaStream(0, size), size), plan), read);
    row(`readViaStream ${human(size)}, for await`, 'stream: for await, one byte a step', size,
      await measure(async () => {
        for await (const chunk of await streams.readViaStream(0, size)) void chunk;
      }, plan), read);
  }
  return rows;
}

/** Reads `stream` to its end, `count` bytes at a time. */
async function readAll(stream, count) {
  while (!(await stream.read({ count })).done);
}
