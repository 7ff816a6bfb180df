// Clients misbehaving, with the real service process: headers that never end, a body that
// trickles in, a burst past the shedding bound, bytes that are not UTF-8, and a shutdown while
// keep-alive clients keep sending and one client trickles a body. Each gets a bounded, graceful
// answer (408, 503, 400/415), the rest of the service keeps answering, and a drain answers every
// request that reaches it instead of resetting the connection.
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { rawRequest } from '../harness/raw-http.js';
import { killServers, startServer, type Server } from '../support/server-process.js';
import { startFaultDatabase, type FaultDatabase } from './support/database.js';
import { keepAliveClient } from './support/keep-alive-client.js';
import { send, sleep } from './support/load.js';

const ENV = {
  HEADERS_TIMEOUT_MS: '1000',
  RECEIVE_TIMEOUT_MS: '2000',
  KEEP_ALIVE_TIMEOUT_MS: '2000',
  RATE_LIMIT_MAX: '0',
  REGISTRATION_RATE_LIMIT_MAX: '0',
  LOG_LEVEL: 'info',
};

let database: FaultDatabase;
const sockets: Socket[] = [];

beforeEach(async () => {
  database = await startFaultDatabase();
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await killServers();
  await database.dispose();
});

const start = (env: Record<string, string> = {}) =>
  startServer({ ...ENV, ...env, DATABASE_URL: database.serviceUrl });

/** A socket to the server, and what it receives until the server closes it. */
function openSocket(server: Server): {
  socket: Socket;
  closed: Promise<{ text: string; at: number }>;
} {
  const socket = connect(server.port, '127.0.0.1');
  sockets.push(socket);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<{ text: string; at: number }>((resolve) =>
    socket.on('close', () => resolve({ text, at: Date.now() })),
  );
  return { socket, closed };
}

describe('slow clients', () => {
  it('headers that never end: 408 and the connection closed, at the headers timeout', async () => {
    const server = await start();
    const { socket, closed } = openSocket(server);
    const sentAt = Date.now();
    socket.write('GET /api/tags HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const { text, at } = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toContain('/problems/request-timeout');
    expect(at - sentAt).toBeLessThan(4_000);
    expect((await send(server.url, { method: 'GET', path: '/health' })).status).toBe(200);
  });

  it('a body sent a byte at a time: cut at the receive timeout, the service unaffected', async () => {
    const server = await start();
    const { socket, closed } = openSocket(server);
    const sentAt = Date.now();
    socket.write(
      'POST /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100000\r\n\r\n{',
    );
    const trickle = setInterval(() => socket.writable && socket.write(' '), 300);
    const { text, at } = await closed;
    clearInterval(trickle);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(at - sentAt).toBeLessThan(5_000);
    expect((await send(server.url, { method: 'GET', path: '/api/tags' })).status).toBe(200);
  });
});

describe('a burst past the shedding bound', () => {
  it('is refused fast with 503 while /health keeps answering, and memory stays bounded', async () => {
    const server = await start({ SHED_MAX_IN_FLIGHT: '20' });
    const burst = Array.from({ length: 400 }, () =>
      send(server.url, { method: 'GET', path: '/api/articles?limit=1' }),
    );
    await sleep(50);
    const health = await send(server.url, { method: 'GET', path: '/health' });
    const outcomes = await Promise.all(burst);
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(2_000);
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    const shed = outcomes.filter((o) => o.status === 503);
    expect(shed.length).toBeGreaterThan(0);
    for (const outcome of shed) expect(outcome.body).toMatchObject({ status: 503 });
    const metrics = await send(server.url, { method: 'GET', path: '/metrics' });
    const rss = /^process_resident_memory_bytes (\d+)/m.exec(String(metrics.body));
    expect(Number(rss?.[1])).toBeLessThan(600 * 1024 * 1024);
    expect(String(metrics.body)).toMatch(/http_requests_shed_total\{reason="in-flight"\} [1-9]/);
  });
});

describe('hostile encodings', () => {
  it('refuses bytes that are not UTF-8 (400) and another charset (415)', async () => {
    const server = await start();
    const latin1 = Buffer.from(
      '{"user":{"username":"caf\u00e9","email":"c@x.io","password":"pppppppp"}}',
      'latin1',
    );
    const head = (type: string) => `POST /api/users HTTP/1.1\r\nContent-Type: ${type}`;
    expect((await rawRequest(server.port, head('application/json'), latin1)).status).toBe(400);
    const labelled = await rawRequest(
      server.port,
      head('application/json; charset=iso-8859-1'),
      latin1,
    );
    expect(labelled.status).toBe(415);
  });
});

describe('a shutdown under keep-alive load, with a client trickling a body', () => {
  it('answers every request that reaches it, resets none, cuts the trickler at its timeout, exits 0', async () => {
    const server = await start();
    // Like a load balancer's connections: each sends until the instance says it is going away.
    const clients = Array.from({ length: 6 }, () => keepAliveClient(server.port, '/api/tags'));
    const trickler = openSocket(server);
    trickler.socket.write(
      'POST /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100000\r\n\r\n{',
    );
    const trickle = setInterval(() => trickler.socket.writable && trickler.socket.write(' '), 300);
    await sleep(500);
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    const code = await server.exited;
    const stoppedAfter = Date.now() - signalled;
    clearInterval(trickle);
    const connections = await Promise.all(clients.map((client) => client.done));
    // Every request sent on an open connection was answered, and the connection then closed
    // because the answer said so: no reset, no answer missing.
    for (const connection of connections) {
      expect(connection.end).toBe('closed');
      expect(connection.statuses.length).toBeGreaterThan(1);
      expect(connection.statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    }
    expect((await trickler.closed).text).toMatch(/^HTTP\/1\.1 408 /);
    expect(code).toBe(0);
    // The receive timeout bounds the trickler; idle kept-alive connections end with theirs.
    expect(stoppedAfter).toBeLessThan(6_000);
  });
});
