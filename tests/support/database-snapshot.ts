// One migrated embedded database per migration history, dumped once and loaded by every test
// file: loading a dump takes a fraction of a second, creating and migrating PGlite seconds.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations, pgliteExecutor } from '../../src/models/prisma/migrations.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MIGRATIONS = `${ROOT}prisma/migrations`;
const CACHE = `${ROOT}node_modules/.cache/conduit-tests`;

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const entry of readdirSync(MIGRATIONS, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!entry.endsWith('.sql')) continue;
    hash.update(entry).update(readFileSync(`${MIGRATIONS}/${entry}`));
  }
  return hash.digest('hex').slice(0, 16);
}

export const snapshotFile = (): string => `${CACHE}/pglite-${migrationsHash()}.tar`;

/** Builds the snapshot for the current migrations unless it already exists. */
export async function ensureSnapshot(): Promise<string> {
  const file = snapshotFile();
  if (existsSync(file)) return file;
  mkdirSync(CACHE, { recursive: true });
  const db = new PGlite();
  await applyMigrations(pgliteExecutor(db));
  const dump = await db.dumpDataDir('none');
  await db.close();
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  return file;
}

export function loadSnapshot(): Blob {
  return new Blob([readFileSync(snapshotFile())]);
}
