// The lint rule that keeps src/runtime/ reusable: a runtime module importing the service or
// one API's generated code is an error, at any folder depth, while imports within the runtime
// and of packages stay allowed. Linted through ESLint with the repository's own config, as
// `make lint` runs it.
import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((message) => message.message);
}

describe('the runtime import boundary', () => {
  it.each([
    ['src/runtime/probe.ts', "import { buildApp } from '../app.js';\nvoid buildApp;\n"],
    [
      'src/runtime/probe.ts',
      "import type { paths } from '../../generated/types.js';\nexport type P = paths;\n",
    ],
    [
      'src/runtime/nested/probe.ts',
      "import { loadConfig } from '../../config.js';\nvoid loadConfig;\n",
    ],
  ])('refuses %s importing the code around the runtime', async (filePath, source) => {
    const errors = await boundaryErrors(filePath, source);
    expect(errors).toEqual([expect.stringContaining('src/runtime/ must not import')]);
  });

  it('allows imports within the runtime and of packages', async () => {
    const source =
      "import Fastify from 'fastify';\nimport { securityHook } from './security.js';\nvoid Fastify;\nvoid securityHook;\n";
    expect(await boundaryErrors('src/runtime/probe.ts', source)).toEqual([]);
  });

  it('leaves the service free to import the runtime', async () => {
    const source = "import { securityHook } from '../runtime/security.js';\nvoid securityHook;\n";
    expect(await boundaryErrors('src/http/probe.ts', source)).toEqual([]);
  });
});

describe('the backend boundary', () => {
  it.each([
    [
      'src/app.ts',
      "import { postgresBackend } from './models/prisma/backend.js';\nvoid postgresBackend;\n",
    ],
    [
      'src/services/probe.ts',
      "import type { Schemas } from '../models/mongoose/schemas.js';\nexport type S = Schemas;\n",
    ],
  ])('refuses %s importing a backend folder', async (filePath, source) => {
    const errors = await boundaryErrors(filePath, source);
    expect(errors).toEqual([expect.stringContaining('src/models/backends.ts')]);
  });

  it('allows the registry and the interfaces above the models, and backends within them', async () => {
    const above =
      "import { openDatabase } from './models/backends.js';\nimport type { Database } from './models/database.js';\nvoid openDatabase;\nexport type D = Database;\n";
    expect(await boundaryErrors('src/app.ts', above)).toEqual([]);
    const within =
      "import { openPrismaBackend } from '../prisma/backend.js';\nvoid openPrismaBackend;\n";
    expect(await boundaryErrors('src/models/embedded-postgres/probe.ts', within)).toEqual([]);
  });
});
