// The embedded default as its users meet it: real server processes on one data folder. One
// PostgreSQL server per folder whatever runs (two services, `make admin` beside a running
// service, a service started after another was killed), no acknowledged write lost, and the
// server stopped when the last process using it lets go.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from '@jest/globals';
import { isAlive } from '../../src/conduit/models/embedded-postgres/cluster.js';
import { stopEmbeddedServer } from '../../src/conduit/models/embedded-postgres/server.js';
import { newUserInput } from '../support/fixtures.js';
import { killServers, startServer, type Server } from '../support/server-process.js';

const run = promisify(execFile);

const folders: string[] = [];
afterEach(async () => {
  await killServers();
  for (const dir of folders.splice(0)) {
    await stopEmbeddedServer(dir);
    await rm(dir, { recursive: true, force: true });
  }
});

async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'conduit-embedded-'));
  // Reachable by the server's own account when the tests run as root.
  await chmod(dir, 0o755);
  folders.push(dir);
  return dir;
}

/** The postmaster's pid, from its lock file; undefined while no server runs. */
async function postmaster(dir: string): Promise<number | undefined> {
  const text = await readFile(path.join(dir, 'pgdata', 'postmaster.pid'), 'utf8').catch(
    () => undefined,
  );
  const pid = Number(text?.split('\n')[0]);
  return text !== undefined && isAlive(pid) ? pid : undefined;
}

/** Postmasters running on this folder's cluster (its child processes are not counted). */
async function postmasters(dir: string): Promise<number> {
  const { stdout } = await run('ps', ['-eo', 'args']);
  const pgdata = path.join(dir, 'pgdata');
  return stdout.split('\n').filter((line) => /\/postgres /.test(line) && line.includes(pgdata))
    .length;
}

/** The few members these tests read; the contract tests check the whole shapes. */
interface Answer {
  user?: { token: string };
  articlesCount?: number;
  articles?: { title: string }[];
}

const api = async (server: Server, method: string, url: string, body?: unknown, token?: string) => {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(token === undefined ? {} : { Authorization: `Token ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json().catch(() => undefined)) as Answer | undefined;
  return { status: res.status, body: json ?? {} };
};

async function register(server: Server) {
  const input = newUserInput();
  const res = await api(server, 'POST', '/api/users', { user: input });
  expect(res.status).toBe(201);
  return { ...input, token: res.body.user!.token };
}

const publish = (server: Server, token: string, title: string) =>
  api(
    server,
    'POST',
    '/api/articles',
    {
      article: { title, description: 'd', body: 'b', tagList: [] },
    },
    token,
  );

async function stop(server: Server): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

describe('the embedded database', () => {
  it('serves two services on one folder from one server, losing no write', async () => {
    const dir = await dataFolder();
    const env = { DATABASE_URL: `embedded:${dir}` };
    const [a, b] = [await startServer(env), await startServer(env)];
    expect(await postmasters(dir)).toBe(1);
    const author = await register(a);
    // Writes through both at once; every acknowledged one must be there, through either.
    const writes = await Promise.all(
      Array.from({ length: 60 }, (_, i) => publish(i % 2 ? a : b, author.token, `Article ${i}`)),
    );
    expect(writes.map((res) => res.status)).toEqual(Array(60).fill(201));
    for (const server of [a, b]) {
      const listed = await api(server, 'GET', `/api/articles?author=${author.username}&limit=1`);
      expect(listed.body.articlesCount).toBe(60);
    }
    expect(await postmasters(dir)).toBe(1);

    // The first to stop leaves the server to the other; the last one out stops it.
    expect(await stop(a)).toBe(0);
    expect(await postmaster(dir)).toBeDefined();
    expect((await api(b, 'GET', '/api/articles?limit=1')).body.articlesCount).toBe(60);
    expect(await stop(b)).toBe(0);
    expect(await postmaster(dir)).toBeUndefined();
  });

  it('lets `make admin` change a role while the service runs, and the service sees it', async () => {
    const dir = await dataFolder();
    const service = await startServer({ DATABASE_URL: `embedded:${dir}` });
    const user = await register(service);
    expect((await api(service, 'GET', '/api/admin/users', undefined, user.token)).status).toBe(403);
    const running = await postmaster(dir);

    const { stdout } = await run('tsx', ['scripts/set-role.ts', user.username, 'admin'], {
      env: { ...process.env, DATABASE_URL: `embedded:${dir}`, MONGODB_URL: '' },
    });
    expect(stdout).toBe(`${user.username} is now admin.\n`);
    // Same server, still up for the service.
    expect(await postmaster(dir)).toBe(running);
    const deadline = Date.now() + 10_000;
    let status = 403;
    while (status !== 200 && Date.now() < deadline) {
      status = (await api(service, 'GET', '/api/admin/users', undefined, user.token)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    expect(await stop(service)).toBe(0);
  });

  it('finds the server a killed service left behind, and stops it in the end', async () => {
    const dir = await dataFolder();
    const first = await startServer({ DATABASE_URL: `embedded:${dir}` });
    const author = await register(first);
    expect((await publish(first, author.token, 'Before the crash')).status).toBe(201);
    const left = await postmaster(dir);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await postmaster(dir)).toBe(left);

    const second = await startServer({ DATABASE_URL: `embedded:${dir}` });
    expect(await postmaster(dir)).toBe(left);
    expect(await postmasters(dir)).toBe(1);
    const listed = await api(second, 'GET', `/api/articles?author=${author.username}`);
    expect(listed.body.articles?.map((a) => a.title)).toEqual(['Before the crash']);
    expect(await stop(second)).toBe(0);
    expect(await postmaster(dir)).toBeUndefined();
  });
});
