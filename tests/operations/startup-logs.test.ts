// A healthy start says nothing a newcomer would read as a fault: no line at warn level or above.
import { afterEach, describe, expect, it } from '@jest/globals';
import { killServers, startServer } from '../support/server-process.js';

afterEach(killServers);

describe('a healthy start', () => {
  it('logs no warning or error, through its first requests', async () => {
    const server = await startServer();
    for (const path of ['/api/tags', '/api/articles', '/health', '/ready', '/docs']) {
      expect((await fetch(`${server.url}${path}`)).status).toBeLessThan(400);
    }
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.logs.length).toBeGreaterThan(0);
    const loud = server.logs.filter(
      (entry) => typeof entry.level !== 'number' || entry.level >= 40,
    );
    expect(loud).toEqual([]);
  });
});
