// Makes a JavaScript file a component of a world, with ComponentizeJS's
// library API (`jco componentize` fails here: "failed to get path metadata").
// Its engine, StarlingMonkey, ships in the npm package: nothing is
// downloaded. interop/build makes the JavaScript lesson client and the copy
// map's JavaScript subject with it:
//
//   node interop/componentize-js.js SOURCE.js WIT-DIR WORLD OUT.wasm
//
// `fetch` support is left out ('http', 'fetch-event'): with it the component
// would import wasi:http, which neither needs, nor should a host have to
// provide it.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { componentize } from '@bytecodealliance/componentize-js';

const [source, wit, world, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node componentize-js.js SOURCE.js WIT-DIR WORLD OUT.wasm');
  process.exit(2);
}
const { component } = await componentize({
  sourcePath: resolve(source),
  witPath: resolve(wit),
  worldName: world,
  disableFeatures: ['http', 'fetch-event'],
});
await writeFile(out, component);
