// The embedded default: a real PostgreSQL server from npm packages, that the service starts on
// first use and stops when the last process using it lets go. One server per folder, whatever
// runs: a process that finds the server running (postmaster.pid names a live postmaster)
// connects to it, one that finds none starts it, and PostgreSQL's own lock on postmaster.pid
// makes a second postmaster on the same data impossible: losing that race means connecting to
// the winner's. A server left behind by a killed process is found the same way and used.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { findBinaries, type Binaries } from './binaries.js';
import {
  ensureCluster,
  isAlive,
  runTool,
  serverAccount,
  SUPERUSER,
  type Account,
  type Cluster,
} from './cluster.js';

export const EMBEDDED_DATABASE = 'conduit';

export interface EmbeddedServerOptions {
  /** fsync and synchronous commits, as a database should; off only for throwaway data. */
  durable: boolean;
  /** The port to start it on, when it is not running; a free one by default. */
  port?: number;
}

export interface EmbeddedServer {
  /** postgresql:// URL of the service's database on it. */
  url: string;
  /**
   * Stops the server unless another process is still connected to it. Call once this
   * process's own connections are closed.
   */
  release(): Promise<void>;
}

export async function acquireEmbeddedServer(
  dir: string,
  options: EmbeddedServerOptions,
): Promise<EmbeddedServer> {
  const binaries = await findBinaries();
  const cluster = await ensureCluster(path.resolve(dir), binaries);
  const port = (await runningPort(cluster.pgdata)) ?? (await start(cluster, binaries, options));
  const url = (database: string) =>
    `postgresql://${SUPERUSER}:${encodeURIComponent(cluster.password)}@127.0.0.1:${port}/${database}`;
  await createDatabaseIfMissing(url('postgres'));
  return {
    url: url(EMBEDDED_DATABASE),
    release: () => stopIfUnused(url('postgres'), cluster, binaries),
  };
}

interface PidFile {
  pid: number;
  port: number;
  /** "starting", "ready" or "stopping" (PostgreSQL 10+ writes it on the eighth line). */
  status: string;
}

async function readPidFile(pgdata: string): Promise<PidFile | undefined> {
  const text = await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]), status: (lines[7] ?? '').trim() };
}

/** The port of the server running on `pgdata`, once it is ready; undefined when none runs. */
async function runningPort(pgdata: string): Promise<number | undefined> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pidFile = await readPidFile(pgdata);
    // No file, or one left by a postmaster that died: PostgreSQL clears a stale one itself.
    if (pidFile === undefined || !isAlive(pidFile.pid)) return undefined;
    if (pidFile.status === 'ready' && pidFile.port > 0) return pidFile.port;
    if (Date.now() > deadline) {
      throw new Error(
        `The embedded PostgreSQL (process ${pidFile.pid}) has been "${pidFile.status}" for a ` +
          `minute; see ${path.join(pgdata, 'server.log')}.`,
      );
    }
    // Starting, or shutting down: wait for it to be ready, or gone.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function start(
  cluster: Cluster,
  binaries: Binaries,
  options: EmbeddedServerOptions,
): Promise<number> {
  const port = options.port ?? (await freePort());
  const settings = [
    `-p ${port}`,
    // Loopback TCP only: no socket file, whose path would depend on the folder's.
    "-c listen_addresses='127.0.0.1'",
    "-c unix_socket_directories=''",
    ...(options.durable
      ? []
      : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ];
  const log = path.join(cluster.pgdata, 'server.log');
  try {
    await runTool(
      binaries.pgCtl,
      [
        'start',
        '--wait',
        '--timeout=60',
        `--pgdata=${cluster.pgdata}`,
        `--log=${log}`,
        '-o',
        settings.join(' '),
      ],
      cluster.account,
      { detached: true },
    );
    return port;
  } catch (error) {
    // Another process started it first: use that one.
    const running = await runningPort(cluster.pgdata);
    if (running !== undefined) return running;
    const tail = (await readFile(log, 'utf8').catch(() => '')).trim().split('\n').slice(-5);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`The embedded PostgreSQL did not start: ${reason}\n${tail.join('\n')}`);
  }
}

/** A port nothing listens on now (the server binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createDatabaseIfMissing(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      EMBEDDED_DATABASE,
    ]);
    if (found.rowCount !== 0) return;
    try {
      await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
    } catch (error) {
      // Created by another process meanwhile.
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
  });
}

/** Stops the server running on `dir`, if any, whoever uses it (`make db-stop`, test clean-up). */
export async function stopEmbeddedServer(dir: string): Promise<void> {
  const pgdata = path.join(path.resolve(dir), 'pgdata');
  const pidFile = await readPidFile(pgdata);
  if (pidFile === undefined || !isAlive(pidFile.pid)) return;
  await pgCtlStop(await findBinaries(), pgdata, await serverAccount());
}

async function pgCtlStop(binaries: Binaries, pgdata: string, account: Account): Promise<void> {
  await runTool(
    binaries.pgCtl,
    ['stop', '--wait', '--timeout=60', '--mode=fast', `--pgdata=${pgdata}`],
    account,
  ).catch(async (error: unknown) => {
    // Stopped meanwhile by another process: done all the same.
    if ((await readPidFile(pgdata)) !== undefined) throw error;
  });
}

/** The last process out stops the server: no other client connected means nobody needs it. */
async function stopIfUnused(adminUrl: string, cluster: Cluster, binaries: Binaries): Promise<void> {
  let others: number;
  try {
    others = await withClient(adminUrl, async (client) => {
      const { rows } = await client.query<{ others: number }>(
        `SELECT count(*)::int AS others FROM pg_stat_activity
         WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      return rows[0]?.others ?? 0;
    });
  } catch {
    // Stopped already (by another process letting go at the same time).
    return;
  }
  if (others === 0) await pgCtlStop(binaries, cluster.pgdata, cluster.account);
}
