/**
 * Builds the service to JavaScript once, so that `make start` runs plain `node` on it instead of
 * compiling TypeScript on every start: src/conduit/server.ts and everything it imports from src/ and
 * generated/ (the bundled spec included) in one ES module, dist/server.js. Packages stay in
 * node_modules, imported as they are. The bundle keeps its names and layout, so stack traces
 * read well as they are; its source map (dist/server.js.map) points them at src/ with
 * `NODE_OPTIONS=--enable-source-maps`, which costs the process about 25 MB, so it is off by
 * default.
 *
 *   tsx scripts/build.ts
 */
import { build } from 'esbuild';

const started = performance.now();
const result = await build({
  entryPoints: ['src/conduit/server.ts'],
  outfile: 'dist/server.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
const seconds = ((performance.now() - started) / 1000).toFixed(2);
console.log(`built dist/server.js (${(bytes / 1024).toFixed(0)} KiB with its map) in ${seconds}s`);
