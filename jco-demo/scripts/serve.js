// Serves the page on 127.0.0.1 (WebAssembly as application/wasm) and prints
// its address: the production build (dist/), or with --dev the page as its
// sources are, unbundled.
//
//   npm start                 (builds first; PORT=8080 by default)
//   npm start -- --dev        (the development page)
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

const demo = fileURLToPath(new URL('..', import.meta.url));
const ROOTS = { production: `${demo}dist`, development: demo };

/**
 * Starts the server; port 0 picks a free one. Resolves to its URL and the server.
 * @param {number} port
 * @param {'production' | 'development'} [build] which page
 */
export function serve(port, build = 'development') {
  const handler = sirv(ROOTS[build], { dev: build === 'development' });
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
  const build = process.argv.includes('--dev') ? 'development' : 'production';
  const { url } = await serve(Number(process.env.PORT ?? 8080), build);
  console.log(`The linear-memory demo (${build} build) is at ${url}  (Ctrl+C stops the server)`);
}
