import type { Database } from '../../../src/models/database.js';
import { NotFoundError, ValidationError } from '../../../src/models/domain-errors.js';
import { openTestDatabase, sqlTestUrl, type TestDatabase } from '../../support/test-database.js';
import { createUser, DATABASE_KEYS } from './repositories.js';

// Through openDatabase, as the app opens it.
let opened: TestDatabase;
let database: Database;

beforeAll(async () => {
  opened = await openTestDatabase(sqlTestUrl());
  database = opened.database;
});

afterAll(async () => {
  await opened.dispose();
});

describe('profiles', () => {
  it('finds a profile by username ignoring case, with following for the viewer', async () => {
    const jake = await createUser(database, 'Jake');
    const anna = await createUser(database, 'Anna');
    expect(await database.profiles.findByUsername('jAKE')).toEqual({
      id: jake.id,
      username: 'Jake',
      bio: null,
      image: null,
      following: false,
    });
    await database.profiles.follow(anna.id, jake.id);
    expect((await database.profiles.findByUsername('jake', anna.id))?.following).toBe(true);
    expect((await database.profiles.findByUsername('jake', jake.id))?.following).toBe(false);
    expect((await database.profiles.findByUsername('jake'))?.following).toBe(false);
    expect((await database.profiles.findByUsername('anna', jake.id))?.following).toBe(false);
    expect(await database.profiles.findByUsername('nobody')).toBeUndefined();
  });

  it('follow and unfollow are idempotent, also when calls race', async () => {
    const star = await createUser(database, 'Star');
    const fan = await createUser(database, 'StarFan');
    await Promise.all(Array.from({ length: 10 }, () => database.profiles.follow(fan.id, star.id)));
    await database.profiles.follow(fan.id, star.id);
    expect((await database.profiles.findByUsername('star', fan.id))?.following).toBe(true);
    await Promise.all(
      Array.from({ length: 10 }, () => database.profiles.unfollow(fan.id, star.id)),
    );
    await database.profiles.unfollow(fan.id, star.id);
    expect((await database.profiles.findByUsername('star', fan.id))?.following).toBe(false);
  });

  it('refuses to follow oneself or a missing user', async () => {
    const self = await createUser(database, 'Narcissus');
    await expect(database.profiles.follow(self.id, self.id)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(database.profiles.follow(self.id, 999_999)).rejects.toEqual(
      new NotFoundError('profile'),
    );
    await expect(database.profiles.unfollow(self.id, 999_999)).resolves.toBeUndefined();
  });
});

it('openDatabase exposes every repository', () => {
  expect(Object.keys(database).sort()).toEqual(DATABASE_KEYS);
});
