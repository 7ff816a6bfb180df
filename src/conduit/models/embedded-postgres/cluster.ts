// The embedded server's folder: a PostgreSQL cluster made once by initdb, and the password of
// its superuser. PostgreSQL refuses to run as root, so under root the cluster belongs to a
// system account of its own, which every server process and tool runs as.
//
//   <dir>/pgdata/     the cluster (PGDATA); postmaster.pid names the running server
//   <dir>/password    the superuser's password, readable by the owner only
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Binaries } from './binaries.js';

export const SUPERUSER = 'conduit';
/** The account the server runs as when the service runs as root. */
const SYSTEM_ACCOUNT = 'conduit-db';

/** Whom the server's processes run as: undefined for the current user. */
export type Account = { uid: number; gid: number } | undefined;

export interface Cluster {
  dir: string;
  pgdata: string;
  password: string;
  account: Account;
}

const run = promisify(execFile);

/** Runs a PostgreSQL tool as the cluster's account; resolves with its output, or rejects. */
export function runTool(
  file: string,
  args: readonly string[],
  account: Account,
  options: { detached?: boolean } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      ...(account ?? {}),
      // pg_ctl start leaves the server running in the background: in a session of its own, a
      // Ctrl-C meant for the service does not also reach the database under it.
      detached: options.detached ?? false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${path.basename(file)} failed (${code}): ${output.trim()}`)),
    );
  });
}

export async function serverAccount(): Promise<Account> {
  if (process.getuid?.() !== 0) return undefined;
  const id = async () => {
    const [uid, gid] = await Promise.all(
      ['-u', '-g'].map(async (flag) => Number((await run('id', [flag, SYSTEM_ACCOUNT])).stdout)),
    );
    return { uid: uid!, gid: gid! };
  };
  try {
    return await id();
  } catch {
    await run('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      SYSTEM_ACCOUNT,
    ]).catch(async (error: unknown) => {
      // Another process may have made it meanwhile.
      if ((await id().catch(() => undefined)) === undefined) throw error;
    });
    return id();
  }
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** The cluster in `dir`, made first when there is none (initdb, about a second). */
export async function ensureCluster(dir: string, binaries: Binaries): Promise<Cluster> {
  const account = await serverAccount();
  const pgdata = path.join(dir, 'pgdata');
  const passwordFile = path.join(dir, 'password');
  await mkdir(dir, { recursive: true });
  if (!(await exists(path.join(pgdata, 'PG_VERSION')))) {
    await withInitLock(dir, async () => {
      if (await exists(path.join(pgdata, 'PG_VERSION'))) return;
      await initialise(pgdata, passwordFile, binaries, account);
    });
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();
  return { dir, pgdata, password, account };
}

async function initialise(
  pgdata: string,
  passwordFile: string,
  binaries: Binaries,
  account: Account,
): Promise<void> {
  // Left over from an initdb that was cut short: initdb only fills an empty folder.
  await rm(pgdata, { recursive: true, force: true });
  await mkdir(pgdata, { mode: 0o700 });
  const password = randomBytes(24).toString('base64url');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  const scratch = path.join(tmpdir(), `conduit-pwfile-${randomBytes(6).toString('hex')}`);
  await writeFile(scratch, `${password}\n`, { mode: 0o600 });
  try {
    if (account)
      await Promise.all([pgdata, scratch].map((p) => chown(p, account.uid, account.gid)));
    await runTool(
      binaries.initdb,
      [
        `--pgdata=${pgdata}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${scratch}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // Byte-order collation, the same on every machine, whatever locales it has.
        '--no-locale',
        '--no-instructions',
      ],
      account,
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = account
      ? ` The server runs as the system account "${SYSTEM_ACCOUNT}", which must be able to ` +
        `reach ${pgdata} (a checkout under a private home such as /root is out of its reach).`
      : '';
    throw new Error(`Could not create the embedded PostgreSQL cluster: ${reason}.${hint}`);
  } finally {
    await rm(scratch, { force: true });
  }
}

/**
 * One initdb at a time per folder. The lock file holds its maker's pid, so a lock left by a
 * process that died is taken over instead of waited on.
 */
async function withInitLock(dir: string, work: () => Promise<void>): Promise<void> {
  const lock = path.join(dir, 'init.lock');
  // Written whole under a name of its own, then linked into place: link() fails if the lock
  // exists, and a lock that exists always holds a pid.
  const mine = `${lock}.${process.pid}`;
  await writeFile(mine, String(process.pid));
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      try {
        await link(mine, lock);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const content = await readFile(lock, 'utf8').catch(() => undefined);
        // Gone meanwhile: try again.
        if (content === undefined) continue;
        const holder = Number(content);
        if (!isAlive(holder)) {
          await rm(lock, { force: true });
          continue;
        }
        if (Date.now() > deadline) throw new Error(`${lock} is held by process ${holder}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await rm(mine, { force: true });
  }
  try {
    await work();
  } finally {
    await rm(lock, { force: true });
  }
}

/** Whether a process with this pid exists (one of another user counts). */
export function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
