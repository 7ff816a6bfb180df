// `make admin USERNAME=...` (scripts/set-role.ts): the documented way to make the first admin,
// run as an operator would, against the embedded database, and audited.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase } from '../../../src/conduit/models/backends.js';
import { createServices } from '../../../src/conduit/services/index.js';

const run = promisify(execFile);

let directory: string;
let url: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'conduit-set-role-'));
  // Private as mkdtemp makes it, it would be out of reach of the server's own account (root).
  await chmod(directory, 0o755);
  url = `embedded:${directory}`;
  const database = await openDatabase(url);
  await database.migrate();
  const { users } = createServices(database, { refreshTokenTtlSeconds: 60 });
  await users.register({ username: 'Jake', email: 'jake@example.com', password: 'jakejake' });
  await database.close();
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const setRole = (...args: string[]) =>
  run('tsx', ['scripts/set-role.ts', ...args], {
    env: { ...process.env, DATABASE_URL: url, MONGODB_URL: '' },
  });

describe('scripts/set-role.ts', () => {
  it('makes an existing account admin (name matched ignoring case) and audits it', async () => {
    const { stdout } = await setRole('jake', 'admin');
    expect(stdout).toBe('Jake is now admin.\n');
    const database = await openDatabase(url);
    try {
      const user = await database.users.findByUsername('Jake');
      expect(user?.role).toBe('admin');
      const { events } = await database.audit.list({ limit: 10, offset: 0 });
      expect(events[0]).toMatchObject({
        action: 'role.changed',
        actorId: null,
        actorUsername: null,
        target: 'user:Jake',
        detail: 'user -> admin',
      });
    } finally {
      await database.close();
    }
  });

  it('fails with a message for an unknown account or role', async () => {
    await expect(setRole('nobody')).rejects.toMatchObject({
      code: 1,
      stderr: 'No account is named "nobody"; register it first.\n',
    });
    await expect(setRole('jake', 'root')).rejects.toMatchObject({ code: 2 });
  });
});
