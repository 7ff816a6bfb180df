// A client that loses the connection after sending a POST cannot know whether it was done; with
// an Idempotency-Key it retries safely: the retry gets the first answer and the work is done
// once. With the real service process, the connection reset right after the request went out.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newUserInput } from '../support/fixtures.js';
import { killServers, startServer, type Server } from '../support/server-process.js';
import { startFaultDatabase, type FaultDatabase } from './support/database.js';
import { eventually, send, sleep } from './support/load.js';

let database: FaultDatabase;
let server: Server;
beforeEach(async () => {
  database = await startFaultDatabase();
  server = await startServer({ DATABASE_URL: database.serviceUrl, LOG_LEVEL: 'info' });
});
afterEach(async () => {
  await killServers();
  await database.dispose();
});

describe('a POST retried after a reset connection', () => {
  it('is done once, and the retry gets its answer', async () => {
    const input = newUserInput();
    const registered = await send(server.url, {
      method: 'POST',
      path: '/api/users',
      body: { user: input },
    });
    const token = (registered.body as { user: { token: string } }).user.token;
    const key = randomUUID();
    const body = JSON.stringify({
      article: { title: `Retried ${key}`, description: 'd', body: 'b' },
    });

    // Sent whole, then the connection reset before any answer can come back.
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    socket.write(
      `POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token ${token}\r\n` +
        `Idempotency-Key: ${key}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await sleep(20);
    socket.resetAndDestroy();

    const retry = () =>
      fetch(`${server.url}/api/articles`, {
        method: 'POST',
        headers: {
          Authorization: `Token ${token}`,
          'Idempotency-Key': key,
          'Content-Type': 'application/json',
        },
        body,
      });
    // A 409 while the first is still being worked on; then its answer.
    let answer: Response | undefined;
    expect(
      await eventually(async () => {
        answer = await retry();
        return answer.status === 201;
      }, 10_000),
    ).toBe(true);
    const again = await retry();
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await answer!.json());

    const listed = await send(server.url, {
      method: 'GET',
      path: `/api/articles?author=${input.username}`,
    });
    expect((listed.body as { articlesCount: number }).articlesCount).toBe(1);
  });
});
