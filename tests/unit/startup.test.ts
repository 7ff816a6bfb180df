// A bad DATABASE_URL (or rate-limit Redis URL) stops the start with a message that names it,
// password hidden.
import { describe, expect, it } from '@jest/globals';
import { buildApp } from '../../src/conduit/app.js';
import { ConfigError, loadConfig } from '../../src/conduit/config.js';

const start = (env: Record<string, string>) =>
  buildApp(loadConfig({ LOG_LEVEL: 'silent', ...env }));

describe('starting with a bad database URL', () => {
  it('refuses an unsupported scheme', async () => {
    await expect(start({ DATABASE_URL: 'sqlserver://root:pw@127.0.0.1/conduit' })).rejects.toThrow(
      /Cannot use the database at sqlserver:\/\/root:\*\*\*@127\.0\.0\.1\/conduit: .*unsupported scheme/,
    );
  });

  it('refuses an unreachable PostgreSQL server', async () => {
    const failure = start({ DATABASE_URL: 'postgresql://u:secret@127.0.0.1:1/none' });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/postgresql:\/\/u:\*\*\*@127\.0\.0\.1:1\/none: .*reach/);
  });

  it('refuses an unreachable MariaDB/MySQL server', async () => {
    const failure = start({ DATABASE_URL: 'mysql://u:secret@127.0.0.1:1/none' });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(
      /mysql:\/\/u:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/,
    );
  });

  it('refuses an unreachable MongoDB server', async () => {
    await expect(start({ MONGODB_URL: 'mongodb://127.0.0.1:1/conduit' })).rejects.toThrow(
      /Cannot use the database at mongodb:\/\/127\.0\.0\.1:1\/conduit: .*ECONNREFUSED/,
    );
  });

  it.each(['REDIS_URL', 'RATE_LIMIT_REDIS_URL'])(
    'refuses an unreachable Redis (%s), password hidden',
    async (name) => {
      const failure = start({
        // Never reached: Redis is checked before the database is opened.
        DATABASE_URL: 'postgresql://127.0.0.1:1/none',
        [name]: 'redis://:hunter2@127.0.0.1:1',
      });
      await expect(failure).rejects.toBeInstanceOf(ConfigError);
      await expect(failure).rejects.toThrow(
        /^Cannot use Redis at redis:\/\/\*\*\*@127\.0\.0\.1:1: .*ECONNREFUSED/,
      );
    },
  );

  it('refuses DATABASE_URL and MONGODB_URL together', () => {
    expect(() =>
      loadConfig({ DATABASE_URL: 'embedded:.data/x', MONGODB_URL: 'mongodb://x' }),
    ).toThrow(/not both/);
  });
});
