// The lint rules that keep src/runtime/ reusable and the backends behind the registry: a
// runtime module importing the service or one API's generated code is an error, at any folder
// depth, and so is the service above src/conduit/models/ importing a backend's folder, while imports
// within a folder, of packages, of the runtime and of the registry stay allowed. Linted through
// ESLint with the repository's own config, as `make lint` runs it.
import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((message) => message.message);
}

const RUNTIME = 'src/runtime/ must not import';
const BACKEND = 'src/conduit/models/backends.ts';

describe('the import boundaries', () => {
  it.each([
    ['src/runtime/probe.ts', "import { buildApp } from '../app.js';\nvoid buildApp;\n", RUNTIME],
    [
      'src/runtime/probe.ts',
      "import type { paths } from '../../generated/types.js';\nexport type P = paths;\n",
      RUNTIME,
    ],
    [
      'src/runtime/nested/probe.ts',
      "import { loadConfig } from '../../config.js';\nvoid loadConfig;\n",
      RUNTIME,
    ],
    [
      'src/conduit/app.ts',
      "import { postgresBackend } from './models/prisma/backend.js';\nvoid postgresBackend;\n",
      BACKEND,
    ],
    [
      'src/conduit/services/probe.ts',
      "import type { Schemas } from '../models/mongoose/schemas.js';\nexport type S = Schemas;\n",
      BACKEND,
    ],
  ])('refuses what %s may not import', async (filePath, source, message) => {
    const errors = await boundaryErrors(filePath, source);
    expect(errors).toEqual([expect.stringContaining(message)]);
  });

  it.each([
    [
      'src/runtime/probe.ts',
      "import Fastify from 'fastify';\nimport { securityHook } from './security.js';\nvoid Fastify;\nvoid securityHook;\n",
    ],
    [
      'src/conduit/http/probe.ts',
      "import { securityHook } from '../runtime/security.js';\nvoid securityHook;\n",
    ],
    [
      'src/conduit/app.ts',
      "import { openDatabase } from './models/backends.js';\nimport type { Database } from './models/database.js';\nvoid openDatabase;\nexport type D = Database;\n",
    ],
    [
      'src/conduit/models/embedded-postgres/probe.ts',
      "import { openPrismaBackend } from '../prisma/backend.js';\nvoid openPrismaBackend;\n",
    ],
  ])(
    'allows what %s imports: its own folder, packages, the runtime, the registry',
    async (filePath, source) => {
      expect(await boundaryErrors(filePath, source)).toEqual([]);
    },
  );
});
