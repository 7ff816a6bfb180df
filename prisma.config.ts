import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

// The Prisma CLI downloads its native schema engine before running any command, even ones that
// never use it. That download fails offline (our CI and dev machines reach only npm), so for the
// engine-free commands we point the override at an existing file (this one) to skip it. Migration
// commands (`prisma migrate|db ...`) keep the real engine: online they download it as usual, and
// offline `tsx scripts/db/migrate.ts` does their job through the WASM engine instead.
// This file runs before the CLI's download check, so the variable set here is seen in time.
const ENGINE_FREE_COMMANDS = new Set(['generate', 'validate', 'format']);
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
if (command !== undefined && ENGINE_FREE_COMMANDS.has(command)) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
}

// Only a real PostgreSQL URL means anything to the CLI; `pglite:` URLs are handled by our scripts.
const url = process.env.DATABASE_URL;
const serverUrl = url !== undefined && /^postgres(ql)?:\/\//.test(url) ? url : undefined;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(serverUrl === undefined ? {} : { datasource: { url: serverUrl } }),
});
