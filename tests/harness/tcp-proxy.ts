// A TCP proxy on loopback between the service and its database, to make the database fail the
// way networks and hosts do, without touching the server: cut (every connection reset, new ones
// refused), freeze (connections stay open and nothing gets through: a hung host or a
// partition), and restore.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  through(url: string): string;
  cut(): void;
  freeze(): void;
  restore(): void;
  close(): Promise<void>;
}

type Mode = 'open' | 'cut' | 'frozen';

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let mode: Mode = 'open';
  const pairs = new Set<{ client: Socket; upstream?: Socket }>();
  const waiting: Socket[] = [];

  const link = (client: Socket) => {
    const pair: { client: Socket; upstream?: Socket } = { client };
    pairs.add(pair);
    const upstream = connect(targetPort, targetHost);
    pair.upstream = upstream;
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  };

  const server: Server = createServer((client) => {
    client.on('error', () => undefined);
    if (mode === 'cut') client.destroy();
    else if (mode === 'frozen') {
      client.pause();
      waiting.push(client);
    } else link(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');

  return {
    port: address.port,
    through(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(address.port);
      return parsed.toString();
    },
    cut() {
      mode = 'cut';
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream?.destroy();
      }
      for (const client of waiting.splice(0)) client.resetAndDestroy();
    },
    freeze() {
      mode = 'frozen';
      for (const { client, upstream } of pairs) {
        client.unpipe();
        upstream?.unpipe();
        client.pause();
        upstream?.pause();
      }
    },
    restore() {
      mode = 'open';
      for (const { client, upstream } of pairs) {
        if (!upstream) continue;
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        upstream.resume();
      }
      for (const client of waiting.splice(0)) {
        link(client);
        client.resume();
      }
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream?.destroy();
      }
      for (const client of waiting.splice(0)) client.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
