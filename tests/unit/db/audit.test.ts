// The audit log, on the backend TEST_DATABASE_URL names (see openBackendDatabase).
import type { NewAuditEvent } from '../../../src/conduit/models/audit.js';
import type { Database } from '../../../src/conduit/models/database.js';
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

const event = (target: string): NewAuditEvent => ({
  action: 'article.removed',
  actorId: 1,
  actorUsername: 'Moderator',
  target,
  detail: 'spam',
  requestId: 'req-1',
});

it('appends an event with an id and createdAt, nulls kept', async () => {
  const full = await database.audit.append(event('article:one'));
  expect(full).toEqual({
    ...event('article:one'),
    id: expect.any(Number),
    createdAt: expect.any(Date),
  });
  expect(Number.isInteger(full.id)).toBe(true);
  const anonymous: NewAuditEvent = {
    action: 'login.failed',
    actorId: null,
    actorUsername: null,
    target: 'email:nobody@example.test',
    detail: null,
    requestId: null,
  };
  const bare = await database.audit.append(anonymous);
  expect(bare).toEqual({ ...anonymous, id: expect.any(Number), createdAt: expect.any(Date) });
  expect(bare.id).not.toBe(full.id);
  const { events } = await database.audit.list({ limit: 100, offset: 0 });
  expect(events).toContainEqual(full);
  expect(events).toContainEqual(bare);
});

it("keeps the actor's username as it was when the event happened", async () => {
  const actor = await createUser(database, 'Before');
  const appended = await database.audit.append({
    ...event('user:renamed'),
    action: 'role.changed',
    actorId: actor.id,
    actorUsername: actor.username,
  });
  await database.users.update(actor.id, { username: 'After' });
  const { events } = await database.audit.list({ limit: 100, offset: 0 });
  expect(events.find((e) => e.id === appended.id)?.actorUsername).toBe('Before');
});

it('lists newest first, id breaking ties, in pages, counting every event', async () => {
  const { eventsCount: before } = await database.audit.list({ limit: 0, offset: 0 });
  const appended = [];
  for (const target of ['e1', 'e2', 'e3', 'e4']) {
    appended.push(await database.audit.append(event(target)));
  }
  // Later than every other event of this file. e1 is the newest although appended first; e2 and
  // e3 share a time, so the larger id (e3) comes first.
  const times = ['2030-01-02', '2030-01-01', '2030-01-01', '2029-12-31'];
  for (const [i, appendedEvent] of appended.entries()) {
    await opened.setCreatedAt('audit', appendedEvent.id, `${times[i]}T00:00:00.000Z`);
  }
  const targets = (page: { events: { target: string }[] }) => page.events.map((e) => e.target);

  const top = await database.audit.list({ limit: 4, offset: 0 });
  expect(targets(top)).toEqual(['e1', 'e3', 'e2', 'e4']);
  expect(top.eventsCount).toBe(before + 4);
  expect(top.events[0]).toEqual({
    ...appended[0],
    createdAt: new Date('2030-01-02T00:00:00.000Z'),
  });

  const middle = await database.audit.list({ limit: 2, offset: 1 });
  expect(targets(middle)).toEqual(['e3', 'e2']);
  expect(middle.eventsCount).toBe(before + 4);
  const past = await database.audit.list({ limit: 10, offset: before + 4 });
  expect(past).toEqual({ events: [], eventsCount: before + 4 });
  const none = await database.audit.list({ limit: 0, offset: 0 });
  expect(none).toEqual({ events: [], eventsCount: before + 4 });
});
