// The logs of a whole session, at the most verbose level: JSON lines, each request's tagged with
// its id, and not one of them holding a password, an access token or a refresh token.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, newUserInput } from '../support/fixtures.js';

let service: TestService;
const lines: string[] = [];
beforeAll(async () => {
  service = await startService(
    { LOG_LEVEL: 'trace' },
    { logStream: { write: (line) => lines.push(line) } },
  );
});
afterAll(async () => {
  await service.close();
});

interface Session {
  user: { token: string; refreshToken?: string };
}

describe('logs', () => {
  it('carry request ids and no secret, through registration, login, use and failures', async () => {
    const { api } = service;
    const secrets: string[] = [];
    const input = newUserInput({ password: 'p4ssw0rd-that-must-never-be-logged' });
    secrets.push(input.password);
    const keep = (body: Session) => {
      secrets.push(body.user.token);
      if (body.user.refreshToken) secrets.push(body.user.refreshToken);
      return body.user;
    };

    const registered = keep((await api.post('/api/users').send({ user: input }).expect(201)).body);
    const credentials = { user: { email: input.email, password: input.password } };
    const loggedIn = keep((await api.post('/api/users/login').send(credentials).expect(200)).body);
    const traced = await api
      .get('/api/user')
      .set(auth(loggedIn))
      .set('X-Request-Id', 'trace-logging-1')
      .expect(200);
    expect(traced.headers['x-request-id']).toBe('trace-logging-1');
    if (loggedIn.refreshToken) {
      const body = { refreshToken: loggedIn.refreshToken };
      keep((await api.post('/api/users/refresh').send(body).expect(200)).body);
    }
    // Failures too: a wrong password, a password in an invalid body, a token that fails.
    const wrong = 'wrong-password-also-secret';
    secrets.push(wrong);
    await api
      .post('/api/users/login')
      .send({ user: { email: input.email, password: wrong } })
      .expect(401);
    await api
      .post('/api/users')
      .send({ user: { ...newUserInput(), password: 'short', email: 'not-an-email' } })
      .expect(422);
    secrets.push(`${registered.token}x`);
    await api.get('/api/user').set('Authorization', `Token ${registered.token}x`).expect(401);
    // And an unexpected failure, whose error is logged in full.
    await service.database.close();
    await api.get('/api/user').set(auth(loggedIn)).expect(500);

    expect(lines.length).toBeGreaterThan(10);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requestEntries = entries.filter((entry) => 'req' in entry || 'res' in entry);
    expect(requestEntries.length).toBeGreaterThanOrEqual(16);
    for (const entry of requestEntries) expect(entry.reqId).toEqual(expect.any(String));
    expect(entries.filter((entry) => entry.reqId === 'trace-logging-1')).toHaveLength(2);
    expect(entries.some((entry) => entry.level === 50 && entry.reqId !== undefined)).toBe(true);

    const log = lines.join('');
    for (const secret of secrets) expect(log).not.toContain(secret);
    // No part of a JWT either (its signature alone would do for an offline attack on the key).
    for (const token of secrets.filter((secret) => secret.split('.').length === 3)) {
      for (const part of token.split('.')) expect(log).not.toContain(part);
    }
    expect(log).not.toMatch(/"password"|"authorization"|"body"/i);
  });
});
