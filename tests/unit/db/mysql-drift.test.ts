// The MySQL drift check (`make migrate-check`) on the MariaDB server TEST_MYSQL_URL names: the
// committed migrations make exactly prisma/mysql/schema.prisma, and each kind of deliberate change
// to a copy of them is reported as the fact it changed. Skipped without a server.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mysqlDrift } from '../../../scripts/db/mysql-drift.js';

const serverUrl = process.env.TEST_MYSQL_URL;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const schemaPath = path.join(ROOT, 'prisma/mysql/schema.prisma');
const MIGRATIONS = path.join(ROOT, 'prisma/mysql/migrations');
const INIT = '20261206140000_init/migration.sql';

if (serverUrl) {
  describe('the MySQL drift check', () => {
    let scratch: string;
    let original: string;
    beforeAll(async () => {
      scratch = await mkdtemp(path.join(tmpdir(), 'conduit-mysql-drift-'));
      original = await readFile(path.join(MIGRATIONS, INIT), 'utf8');
    });
    afterAll(() => rm(scratch, { recursive: true, force: true }));

    /** The drift of the committed migrations with `change` made to the first one. */
    async function driftWith(change: (sql: string) => string): Promise<string[]> {
      const dir = await mkdtemp(path.join(scratch, 'migrations-'));
      await cp(MIGRATIONS, dir, { recursive: true });
      const changed = change(original);
      expect(changed).not.toBe(original);
      await writeFile(path.join(dir, INIT), changed);
      return mysqlDrift({ serverUrl: serverUrl!, schemaPath, migrationsDir: dir });
    }

    it('finds none in the committed migrations', async () => {
      expect(await mysqlDrift({ serverUrl, schemaPath, migrationsDir: MIGRATIONS })).toEqual([]);
    });

    it.each([
      [
        'a column length',
        (sql: string) => sql.replace('`slug` VARCHAR(512)', '`slug` VARCHAR(500)'),
        ['- column articles.slug varchar(512)', '+ column articles.slug varchar(500)'],
      ],
      [
        'an index direction',
        (sql: string) =>
          sql.replace(
            '`articles_created_at_id_idx`(`created_at` DESC, `id` DESC)',
            '`articles_created_at_id_idx`(`created_at`, `id` DESC)',
          ),
        ['- index articles_created_at_id_idx', '+ index articles_created_at_id_idx'],
      ],
      [
        'a missing unique index',
        (sql: string) => sql.replace('    UNIQUE INDEX `users_email_key`(`email`),\n', ''),
        ['- index users_email_key on users unique (email asc)'],
      ],
      [
        'a foreign key action',
        (sql: string) =>
          sql.replace(
            /(`favorites_user_id_fkey` FOREIGN KEY \(`user_id`\) REFERENCES `users`\(`id`\)) ON DELETE CASCADE/,
            '$1 ON DELETE RESTRICT',
          ),
        ['- foreign key favorites_user_id_fkey', '+ foreign key favorites_user_id_fkey'],
      ],
      [
        'a default',
        (sql: string) => sql.replace("DEFAULT 'user'", "DEFAULT 'admin'"),
        ["- column users.role varchar(191) not null default 'user'", '+ column users.role'],
      ],
      [
        'a collation',
        (sql: string) =>
          sql.replace(
            /(CREATE TABLE `tags` \([\s\S]*?\)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;/,
            '$1 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;',
          ),
        ['+ column tags.name varchar(191) not null default none collate utf8mb4_unicode_ci'],
      ],
      [
        'a column the schema lacks',
        (sql: string) => `${sql}\nALTER TABLE \`tags\` ADD COLUMN \`colour\` VARCHAR(20) NULL;\n`,
        ['+ column tags.colour varchar(20) null default none collate utf8mb4_bin'],
      ],
    ])('reports %s', async (_kind, change, expected) => {
      const drift = await driftWith(change);
      for (const line of expected) {
        expect(drift.some((fact) => fact.startsWith(line))).toBe(true);
      }
    });
  });
} else {
  describe('the MySQL drift check', () => {
    it.skip('(skipped: set TEST_MYSQL_URL, e.g. to what scripts/db/mariadb.sh start prints)', () => {});
  });
}
