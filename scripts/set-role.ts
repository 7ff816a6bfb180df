// Gives an existing account a role from the command line, recorded in the audit log with no
// actor: the way to make the first admin, who can then manage roles through the API.
//   make admin USERNAME=jake            (DATABASE_URL or MONGODB_URL as for `make start`)
//   tsx scripts/set-role.ts jake user   (demote)
import { loadConfig } from '../src/conduit/config.js';
import { openDatabase } from '../src/conduit/models/backends.js';
import { NotFoundError } from '../src/conduit/models/domain-errors.js';
import type { Role } from '../src/conduit/models/users.js';
import { SYSTEM } from '../src/conduit/services/audit.js';
import { createServices } from '../src/conduit/services/index.js';

const ROLES: readonly Role[] = ['user', 'admin'];

async function main(): Promise<number> {
  const [username, role = 'admin'] = process.argv.slice(2);
  if (!username || !ROLES.includes(role as Role)) {
    console.error(`usage: set-role <username> [${ROLES.join('|')}]`);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl);
  try {
    const { users } = createServices(database, config);
    const user = await users.changeRole(SYSTEM, username, role as Role);
    console.log(`${user.username} is now ${user.role}.`);
    return 0;
  } catch (error) {
    if (error instanceof NotFoundError) {
      console.error(`No account is named "${username}"; register it first.`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
