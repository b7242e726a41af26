// Serves the page on 127.0.0.1 (WebAssembly as application/wasm) and prints
// its address.
//
//   npm start                 (builds first; PORT=8080 by default)
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Starts the server; port 0 picks a free one. Resolves to its URL and the server. */
export function serve(port) {
  const handler = sirv(root, { dev: true });
  const server = createServer((request, response) =>
    handler(request, response, () => {
      response.statusCode = 404;
      response.end('not found');
    }),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, server });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await serve(Number(process.env.PORT ?? 8080));
  console.log(`The linear-memory demo is at ${url}  (Ctrl+C stops the server)`);
}
