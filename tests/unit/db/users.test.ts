// Roles and user lookups, on the backend TEST_DATABASE_URL names (see openBackendDatabase).
import type { Database } from '../../../src/conduit/models/database.js';
import { NotFoundError } from '../../../src/conduit/models/domain-errors.js';
import type { UserChanges } from '../../../src/conduit/models/users.js';
import { createUser, openBackendDatabase, type BackendDatabase } from './repositories.js';

let opened: BackendDatabase;
let database: Database;

beforeAll(async () => {
  opened = await openBackendDatabase();
  ({ database } = opened);
});

afterAll(async () => {
  await opened.close();
});

describe('role', () => {
  it('is "user" for every new user, whatever the object passed to create holds', async () => {
    const plain = await createUser(database, 'Plain');
    expect(plain.role).toBe('user');
    // Not an object literal, so the type allows the extra field; the repository must drop it.
    const sneaky = {
      email: 'sneaky@example.test',
      username: 'Sneaky',
      passwordHash: 'h',
      role: 'admin',
    };
    const created = await database.users.create(sneaky);
    expect(created.role).toBe('user');
    expect((await database.users.findById(created.id))?.role).toBe('user');
    expect(await database.users.findRole(created.id)).toBe('user');
  });

  it('changes through setRole only, which bumps updatedAt and returns the user', async () => {
    const user = await createUser(database, 'Promoted');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const admin = await database.users.setRole(user.id, 'admin');
    expect(admin).toEqual({ ...user, role: 'admin', updatedAt: expect.any(Date) });
    expect(admin.updatedAt.getTime()).toBeGreaterThan(user.updatedAt.getTime());
    expect(await database.users.findById(user.id)).toEqual(admin);
    expect(await database.users.findRole(user.id)).toBe('admin');

    // update() ignores a role, even one the type would not allow.
    const changes = { bio: 'Still admin', role: 'user' } as UserChanges;
    expect((await database.users.update(user.id, changes)).role).toBe('admin');
    expect(await database.users.findRole(user.id)).toBe('admin');

    expect((await database.users.setRole(user.id, 'user')).role).toBe('user');
    expect(await database.users.findRole(user.id)).toBe('user');
  });

  it('setRole on a missing user throws NotFoundError("user")', async () => {
    await expect(database.users.setRole(999_999, 'admin')).rejects.toEqual(
      new NotFoundError('user'),
    );
  });

  it('findRole is undefined for a missing user; exists still answers', async () => {
    expect(await database.users.findRole(999_999)).toBeUndefined();
    expect(await database.users.exists(999_999)).toBe(false);
    const user = await createUser(database, 'Present');
    expect(await database.users.exists(user.id)).toBe(true);
  });
});

describe('findByUsername', () => {
  it('matches ignoring case and returns the whole user', async () => {
    const user = await createUser(database, 'MixedCase');
    expect(await database.users.findByUsername('mixedcase')).toEqual(user);
    expect(await database.users.findByUsername('MIXEDCASE')).toEqual(user);
    expect(await database.users.findByUsername('mixed')).toBeUndefined();
    expect(await database.users.findByUsername('nobody')).toBeUndefined();
  });

  it('follows a username change', async () => {
    const user = await createUser(database, 'Renamed');
    await database.users.update(user.id, { username: 'NewName' });
    expect((await database.users.findByUsername('newname'))?.id).toBe(user.id);
    expect(await database.users.findByUsername('renamed')).toBeUndefined();
  });
});

describe('list', () => {
  it('pages by id ascending and counts every user', async () => {
    for (const name of ['L1', 'L2', 'L3', 'L4']) await createUser(database, name);
    const all = await database.users.list({ limit: 1000, offset: 0 });
    const ids = all.users.map((user) => user.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(ids).toEqual(ids.toSorted((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.usersCount).toBe(ids.length);
    expect(all.users.at(-1)).toMatchObject({ username: 'L4', role: 'user' });
    expect(all.users.at(-1)).toEqual(await database.users.findByUsername('L4'));

    const page = await database.users.list({ limit: 2, offset: 1 });
    expect(page).toEqual({ users: all.users.slice(1, 3), usersCount: ids.length });
    expect(await database.users.list({ limit: 0, offset: 0 })).toEqual({
      users: [],
      usersCount: ids.length,
    });
    expect(await database.users.list({ limit: 5, offset: ids.length })).toEqual({
      users: [],
      usersCount: ids.length,
    });
  });
});
