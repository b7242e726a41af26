// Makes lesson-client.js a component of the lesson-client world, with
// ComponentizeJS's library API (`jco componentize` fails here: "failed to get
// path metadata"). Its engine, StarlingMonkey, ships in the npm package:
// nothing is downloaded.
//
//   node interop/clients/js/build.js OUT.wasm
//
// `fetch` support is left out ('http', 'fetch-event'): with it the client
// would import wasi:http, which the lesson needs no more than a host should
// have to provide it.
import { writeFile } from 'node:fs/promises';
import { componentize } from '@bytecodealliance/componentize-js';

const [out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node build.js OUT.wasm');
  process.exit(2);
}
const { component } = await componentize({
  sourcePath: new URL('lesson-client.js', import.meta.url).pathname,
  witPath: new URL('../../../wit', import.meta.url).pathname,
  worldName: 'lesson-client',
  disableFeatures: ['http', 'fetch-event'],
});
await writeFile(out, component);
