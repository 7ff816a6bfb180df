// Our own fresh databases before the service starts: migrated (the service migrates only the
// embedded default itself), and for the realistic sets, the bulk plan
// (scripts/seed/bulk-plan.ts) written straight in with bulk SQL.
import { openDatabase } from '../../src/conduit/models/backends.js';
import { openConnection } from '../../src/conduit/models/prisma/connect.js';
import { applyMigrations } from '../../src/conduit/models/prisma/migrations.js';
import { hashPassword } from '../../src/conduit/services/passwords.js';
import { planBulk } from '../seed/bulk-plan.js';
import { writeBulkPlan } from '../seed/bulk-sql.js';
import { DEFAULT_RANDOM_SEED, SEED_PASSWORD } from '../seed/data.js';
import { realisticSizes } from './datasets.js';
import type { SeededData } from './seed-api.js';

/** Migrates the database at `databaseUrl`, on whichever backend it names. */
export async function migrate(databaseUrl: string): Promise<void> {
  const database = await openDatabase(databaseUrl);
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
}

export async function seedWithSql(
  databaseUrl: string,
  articles: number,
  onProgress: (what: string) => void,
): Promise<SeededData> {
  const plan = planBulk(realisticSizes(articles), DEFAULT_RANDOM_SEED);
  const connection = await openConnection(databaseUrl);
  try {
    await applyMigrations(connection.executor);
    const written = await writeBulkPlan(
      connection.executor,
      plan,
      await hashPassword(SEED_PASSWORD),
      (done) => {
        if (done % 10_000 === 0 || done === articles) onProgress(`${done}/${articles} articles`);
      },
    );
    return { slugs: written.slugs, users: plan.users, counts: written.counts };
  } finally {
    await connection.close();
  }
}
