// Graceful shutdown of the real server process (src/conduit/server.ts): SIGTERM while registrations are
// in flight lets them finish with 201 and exits 0; a request that never finishes cannot hold
// the process past SHUTDOWN_TIMEOUT_SECONDS.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { newUserInput } from '../support/fixtures.js';
import { killServers, startServer } from '../support/server-process.js';

afterEach(killServers);

const incoming = (method: string, url: string) => (entry: Record<string, unknown>) =>
  entry.msg === 'incoming request' &&
  (entry.req as { method?: string; url?: string } | undefined)?.method === method &&
  (entry.req as { url?: string }).url === url;

describe('SIGTERM', () => {
  it('lets in-flight requests finish, then exits 0', async () => {
    const server = await startServer();
    // Registrations are slow on purpose (scrypt): several are surely in flight at the signal.
    const registrations = Array.from({ length: 4 }, () =>
      fetch(`${server.url}/api/users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: newUserInput() }),
      }),
    );
    await server.logged(
      (entry) =>
        server.logs.filter(incoming('POST', '/api/users')).length === 4 &&
        incoming('POST', '/api/users')(entry),
    );
    const answeredBefore = server.logs.filter((entry) => entry.msg === 'request');
    expect(answeredBefore).toHaveLength(0);
    server.child.kill('SIGTERM');

    const responses = await Promise.all(registrations);
    expect(responses.map((res) => res.status)).toEqual([201, 201, 201, 201]);
    for (const res of responses) {
      const body = (await res.json()) as { user: { token: string } };
      expect(body.user.token).toEqual(expect.any(String));
    }
    expect(await server.exited).toBe(0);
    expect(server.logs.some((entry) => entry.msg === 'shutting down')).toBe(true);
  });

  it('refuses new work while it drains, and does not wait on kept-alive connections', async () => {
    const server = await startServer({ SHUTDOWN_TIMEOUT_SECONDS: '30' });
    const slow = fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: newUserInput() }),
    });
    await server.logged(incoming('POST', '/api/users'));
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    await server.logged((entry) => entry.msg === 'shutting down');
    // A new connection is refused, or answered with a 503 problem if it was already accepted.
    const late = await fetch(`${server.url}/api/tags`).then(
      async (res) => ({ status: res.status, type: res.headers.get('content-type') }),
      () => ({ status: 'refused', type: null }),
    );
    if (late.status !== 'refused') {
      expect(late).toEqual({ status: 503, type: 'application/problem+json; charset=utf-8' });
    }
    // The answer closes its connection: the client keeps it open, body unread, and a kept-alive
    // connection would hold the process until the client let go.
    const answer = await slow;
    expect(answer.status).toBe(201);
    expect(answer.headers.get('connection')).toBe('close');
    expect(await server.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
  });

  it('gives up after SHUTDOWN_TIMEOUT_SECONDS when a request never finishes', async () => {
    const server = await startServer({ SHUTDOWN_TIMEOUT_SECONDS: '1' });
    // A client that announces a body and never sends it keeps its request in flight.
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      'POST /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n{"user":',
    );
    await server.logged(incoming('POST', '/api/users'));
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    const waited = Date.now() - signalled;
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(10_000);
    expect(server.logs.some((entry) => /shutdown timed out/.test(String(entry.msg)))).toBe(true);
    socket.destroy();
  });
});
