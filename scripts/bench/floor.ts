// The floor of each route: the real service's answer to one request, recorded byte for byte,
// then replayed by a bare Fastify server (floor-server.ts) in a process of its own, measured
// with the same load as the service.
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, HOST, spawnNode } from './processes.js';
import type { Cleanup } from './cleanup.js';
import { sendOnce } from './load.js';
import type { RouteSpec } from './routes.js';

const FLOOR_SERVER = fileURLToPath(new URL('floor-server.ts', import.meta.url));

export interface Recorded {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Request number `k` of the route, sent once; a failure stops the run (nothing to measure). */
export async function record(baseUrl: string, route: RouteSpec, k: number): Promise<Recorded> {
  const response = await sendOnce(baseUrl, route, k, 60_000);
  const recorded = {
    status: response.status,
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    body: Buffer.from(await response.arrayBuffer()),
  };
  if (!response.ok) {
    throw new Error(
      `${route.name}: ${baseUrl} answered ${response.status}: ` +
        recorded.body.toString('utf8').slice(0, 300),
    );
  }
  return recorded;
}

export interface FloorServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts a floor server for `route`, the recorded body kept in `dir`. */
export async function startFloor(
  route: RouteSpec,
  recorded: Recorded,
  dir: string,
  cleanup: Cleanup,
): Promise<FloorServer> {
  const bodyFile = path.join(dir, `floor-${route.key}.body`);
  await writeFile(bodyFile, recorded.body);
  const port = await freePort();
  const child = spawnNode(
    'floor server',
    [FLOOR_SERVER],
    {
      env: {
        ...process.env,
        FLOOR_PORT: String(port),
        FLOOR_METHOD: route.method,
        FLOOR_PATTERN: route.pattern,
        FLOOR_STATUS: String(recorded.status),
        FLOOR_CONTENT_TYPE: recorded.contentType,
        FLOOR_BODY_FILE: bodyFile,
      },
      // stdin open for as long as we live: the floor server exits when it closes.
      stdio: ['pipe', 'pipe', 'inherit'],
    },
    cleanup,
  );
  const stdout = child.process.stdout;
  if (!stdout) throw new Error('floor server: no stdout');
  const ready = new Promise<void>((resolve, reject) => {
    let seen = '';
    stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('ready\n')) resolve();
    });
    void once(child.process, 'exit').then(() => reject(new Error('floor server exited')));
    setTimeout(() => reject(new Error('floor server: not ready in 30s')), 30_000).unref();
  });
  try {
    await ready;
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { url: `http://${HOST}:${port}`, stop: child.stop };
}
