// Errors the framework meets before a handler runs, and failures inside one: all problem+json,
// all documented, none leaking internals.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { breakable, type Breakable } from '../support/breakable-database.js';
import { startService, type TestService } from '../support/app.js';
import { exampleRequests } from '../harness/examples.js';
import {
  auth,
  newUserInput,
  registerAdmin,
  registerUser,
  type TestUser,
} from '../support/fixtures.js';
import { loadSpec } from '../harness/spec.js';

let service: TestService;
let user: TestUser;
let admin: TestUser;
beforeAll(async () => {
  service = await startService({ BODY_LIMIT_BYTES: '65536' });
  user = await registerUser(service.api);
  admin = await registerAdmin(service.api, service.database);
});
afterAll(async () => {
  await service.close();
});

// Every operation that takes a body, with credentials (and the role) where it needs them. The
// framework answers these before a handler runs, so the example path parameters need not exist.
const bodyOperations = () =>
  exampleRequests(loadSpec())
    .filter((request) => request.body !== undefined)
    .map(({ method, url, secured, roles }) => ({
      method,
      url,
      headers: secured ? auth(roles.includes('admin') ? admin : user) : {},
    }));

describe('request bodies', () => {
  it('answers 400 for malformed JSON', async () => {
    for (const { method, url, headers } of bodyOperations()) {
      const res = await service.api[method](url)
        .set(headers)
        .set('Content-Type', 'application/json')
        .send('{"user": {"email": ')
        .expect(400);
      expect(res.body).toMatchObject({ type: '/problems/malformed-request', instance: url });
    }
  });

  it('answers 400 for prototype-poisoning JSON', async () => {
    await service.api
      .post('/api/users')
      .set('Content-Type', 'application/json')
      .send('{"user": {"__proto__": {"admin": true}}}')
      .expect(400);
  });

  it('answers 413 for a body over the limit', async () => {
    for (const { method, url, headers } of bodyOperations()) {
      const res = await service.api[method](url)
        .set(headers)
        .send({ user: { bio: 'x'.repeat(70_000) } })
        .expect(413);
      expect(res.body.type).toBe('/problems/payload-too-large');
    }
  });

  it('answers 415 for a media type the operation does not declare', async () => {
    for (const { method, url, headers } of bodyOperations()) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const res = await service.api[method](url)
          .set(headers)
          .set('Content-Type', type)
          .send('{"user": {}}')
          .expect(415);
        expect(res.body.type).toBe('/problems/unsupported-media-type');
      }
    }
  });

  it('accepts JSON with a charset parameter', async () => {
    await service.api
      .post('/api/users')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ user: newUserInput() }))
      .expect(201);
  });

  it('treats an empty JSON body as no body', async () => {
    const res = await service.api
      .post('/api/users')
      .set('Content-Type', 'application/json')
      .send('')
      .expect(422);
    expect(res.body.errors).toEqual({ body: ["can't be blank"] });
  });

  it('ignores any body sent to an operation that takes none', async () => {
    const followed = await registerUser(service.api);
    const url = `/api/profiles/${encodeURIComponent(followed.username)}/follow`;
    const bodies: Array<[string, string]> = [
      ['application/json', ''],
      ['application/json', '{}'],
      ['application/json', '{"not json'],
      ['text/plain', 'hello'],
    ];
    for (const [type, body] of bodies) {
      const res = await service.api
        .post(url)
        .set(auth(user))
        .set('Content-Type', type)
        .send(body)
        .expect(200);
      expect(res.body.profile.following).toBe(true);
    }
    await service.api
      .get('/api/user')
      .set(auth(user))
      .set('Content-Type', 'application/json')
      .send('')
      .expect(200);
  });
});

describe('routing', () => {
  it('answers 404 for an unknown route', async () => {
    const res = await service.api.get('/api/nothing-here').expect(404);
    expect(res.body).toMatchObject({ type: '/problems/not-found', instance: '/api/nothing-here' });
  });

  it('answers 405 with Allow for a known path and an unsupported method', async () => {
    const users = await service.api.delete('/api/users').expect(405);
    expect(users.headers.allow).toBe('POST');
    const current = await service.api.patch('/api/user').expect(405);
    expect(current.headers.allow).toBe('GET, HEAD, PUT');
    expect(current.body.type).toBe('/problems/method-not-allowed');
  });

  it('tags every response with a request id, keeping a sane one the client sent', async () => {
    const generated = await service.api.get('/api/nothing-here').expect(404);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await service.api
      .get('/api/nothing-here')
      .set('X-Request-Id', 'trace-123')
      .expect(404);
    expect(given.headers['x-request-id']).toBe('trace-123');
  });
});

describe('unexpected failures', () => {
  it('answers 500 with no internals on every operation, logging a burst once', async () => {
    const lines: string[] = [];
    let failure: Breakable | undefined;
    const broken = await startService(
      { LOG_LEVEL: 'error' },
      {
        logStream: { write: (line) => lines.push(line) },
        wrapDatabase: (database) => (failure = breakable(database)).database,
      },
    );
    const victim = await registerUser(broken.api);
    // Every repository call fails from now on, as a bug would make it.
    failure!.breakNow();
    const logged = () =>
      lines
        .map((line) => JSON.parse(line) as { msg: string; reqId?: string; level: number })
        .filter((entry) => entry.msg === 'unhandled error');
    try {
      // Every operation that can fail unexpectedly (probes answer for the database instead).
      const failing = exampleRequests(loadSpec()).filter(
        ({ operation }) => '500' in (operation.operation.responses as object),
      );
      for (const { method, url, body, secured } of failing) {
        const request = broken.api[method](url).set(secured ? auth(victim) : {});
        const res = await (body === undefined ? request : request.send(body as object)).expect(500);
        const requestId = String(res.headers['x-request-id']);
        expect(res.body).toMatchObject({ type: '/problems/internal-error', status: 500 });
        expect(res.body.detail).toContain(requestId);
        expect(JSON.stringify(res.body)).not.toMatch(/prisma|pglite|stack|at .*\.ts/i);
        // Each kind of failure is logged in full once, with the id of its first request; the
        // same failure again within the window is only counted.
        const entries = logged();
        expect(entries.length).toBeGreaterThan(0);
        expect(new Set(entries.map((entry) => entry.reqId)).size).toBe(entries.length);
        expect(entries.every((entry) => entry.level === 50)).toBe(true);
      }
      expect(logged().length).toBeLessThan(failing.length);
    } finally {
      await broken.close();
    }
  });
});
