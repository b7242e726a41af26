// Makes subject.js a component of the subject world (../wit), with
// ComponentizeJS's library API, as the JavaScript lesson client is made
// (../../clients/js/build.js says why: the CLI fails here, and fetch support
// is left out so the component imports no wasi:http).
//
//   node interop/subjects/js/build.js OUT.wasm
import { writeFile } from 'node:fs/promises';
import { componentize } from '@bytecodealliance/componentize-js';

const [out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node build.js OUT.wasm');
  process.exit(2);
}
const { component } = await componentize({
  sourcePath: new URL('subject.js', import.meta.url).pathname,
  witPath: new URL('../wit', import.meta.url).pathname,
  worldName: 'subject',
  disableFeatures: ['http', 'fetch-event'],
});
await writeFile(out, component);
