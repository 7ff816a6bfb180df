import path from 'node:path';
import {
  openPrismaDatabase,
  parseDatabaseUrl,
} from '../../../src/conduit/models/prisma/connect.js';
import { createPostgresDatabase, sqlTestUrl } from '../../support/test-database.js';

describe('parseDatabaseUrl', () => {
  it.each([
    ['postgresql://u:p@localhost:5432/conduit', 'postgres'],
    ['postgres://localhost/conduit', 'postgres'],
  ])('takes %s as a server', (url, kind) => {
    expect(parseDatabaseUrl(url)).toEqual({ kind, url });
  });

  it('resolves embedded:<dir> against the working directory', () => {
    expect(parseDatabaseUrl('embedded:.data/x')).toEqual({
      kind: 'embedded',
      dir: path.resolve('.data/x'),
    });
    expect(parseDatabaseUrl('embedded:/tmp/x')).toEqual({ kind: 'embedded', dir: '/tmp/x' });
  });

  it.each(['mysql://u@h/db', 'embedded:', 'embedded://tmp/x', 'postgres://[bad', 'conduit.db', ''])(
    'rejects %p, naming the accepted forms',
    (url) => {
      expect(() => parseDatabaseUrl(url)).toThrow(/postgresql:\/\/.*embedded:<directory path>/);
    },
  );

  it('says PGlite URLs are retired, and what replaced them', () => {
    expect(() => parseDatabaseUrl('pglite:.data/conduit')).toThrow(
      /PGlite is no longer the embedded database; .*embedded:<directory>/,
    );
  });

  it('keeps passwords out of its error messages', () => {
    expect(() => parseDatabaseUrl('mysql://me:s3cret@h/db')).toThrow(/^(?!.*s3cret)/s);
  });
});

describe('openPrismaDatabase', () => {
  it('migrates, then creates and reads a user through Prisma', async () => {
    const empty = await createPostgresDatabase(sqlTestUrl(), 'template0');
    const database = await openPrismaDatabase(empty.url);
    try {
      await database.migrate();

      const created = await database.prisma.user.create({
        data: {
          email: 'jake@jake.jake',
          username: 'Jake',
          usernameKey: 'jake',
          passwordHash: 'hash',
        },
      });
      const found = await database.prisma.user.findUnique({ where: { usernameKey: 'jake' } });

      expect(found).toEqual(created);
      expect(found).toMatchObject({ id: 1, username: 'Jake', bio: null, image: null });
      expect(found?.createdAt).toBeInstanceOf(Date);
      await expect(
        database.prisma.user.create({
          data: { email: 'other@x.y', username: 'JAKE', usernameKey: 'jake', passwordHash: 'h' },
        }),
      ).rejects.toMatchObject({ code: 'P2002' });
    } finally {
      await database.close();
      await empty.drop();
    }
  });
});
