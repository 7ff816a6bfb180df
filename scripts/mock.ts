// `make mock`: serves a mock of any API in generate.config.ts (or any bundled spec) from its
// spec alone, on 127.0.0.1. Usage: tsx scripts/mock.ts [--api <name> | --spec <openapi.json>]
// [--port 4010]. See src/runtime/mock-server.ts for what it answers.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from './generator/config.js';
import { operationTable } from './generator/operation-table.js';
import { readOperations } from './generator/spec-model.js';
import { buildMockApp, MOCK_SETTINGS } from '../src/runtime/mock-server.js';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? undefined : args[at + 1];
};

async function specFile(): Promise<string> {
  const given = option('spec');
  if (given) return path.resolve(given);
  const config = await loadConfig(root);
  const name = option('api') ?? config.apis[0]?.name;
  const api = config.apis.find((candidate) => candidate.name === name);
  if (!api) {
    throw new Error(`no API named '${name}' (known: ${config.apis.map((a) => a.name).join(', ')})`);
  }
  // The bundled spec the generator wrote: the same document production routes from.
  return path.join(root, api.output, 'openapi.json');
}

const file = await specFile();
const port = Number(option('port') ?? process.env.PORT ?? 4010);
const specification = JSON.parse(await readFile(file, 'utf8')) as object;
const operations = operationTable(readOperations(specification));
// A frontend served from its own dev server calls the mock from a browser: CORS_ORIGINS, as for
// the service (exact origins, comma-separated).
const corsOrigins = (process.env.CORS_ORIGINS ?? '')
  .split(',')
  .map((o) => o.trim())
  .filter(Boolean);
const app = await buildMockApp(specification, operations, { ...MOCK_SETTINGS, corsOrigins });
await app.listen({ host: '127.0.0.1', port });
const count = Object.keys(operations).length;
console.log(
  `mock of ${path.relative(process.cwd(), file)} (${count} operations) on http://127.0.0.1:${port}` +
    ' (Prefer: code=<status> or example=<name> picks the answer; docs at /docs)',
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close());
}
