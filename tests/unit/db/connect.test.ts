import path from 'node:path';
import { openPrismaDatabase, parseDatabaseUrl } from '../../../src/models/prisma/connect.js';

describe('parseDatabaseUrl', () => {
  it.each([
    ['postgresql://u:p@localhost:5432/conduit', 'postgres'],
    ['postgres://localhost/conduit', 'postgres'],
  ])('takes %s as a server', (url, kind) => {
    expect(parseDatabaseUrl(url)).toEqual({ kind, url });
  });

  it('takes pglite:memory as an in-memory database', () => {
    expect(parseDatabaseUrl('pglite:memory')).toEqual({ kind: 'pglite', dataDir: null });
  });

  it('resolves pglite:<dir> against the working directory', () => {
    expect(parseDatabaseUrl('pglite:.data/x')).toEqual({
      kind: 'pglite',
      dataDir: path.resolve('.data/x'),
    });
    expect(parseDatabaseUrl('pglite:/tmp/x')).toEqual({ kind: 'pglite', dataDir: '/tmp/x' });
  });

  it.each(['mysql://u@h/db', 'pglite:', 'pglite://tmp/x', 'postgres://[bad', 'conduit.db', ''])(
    'rejects %p, naming the accepted forms',
    (url) => {
      expect(() => parseDatabaseUrl(url)).toThrow(/postgresql:\/\/.*pglite:memory.*pglite:</);
    },
  );

  it('keeps passwords out of its error messages', () => {
    expect(() => parseDatabaseUrl('mysql://me:s3cret@h/db')).toThrow(/^(?!.*s3cret)/s);
  });
});

describe('openPrismaDatabase("pglite:memory")', () => {
  it('migrates, then creates and reads a user through Prisma', async () => {
    const database = await openPrismaDatabase('pglite:memory');
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
    }
  });
});
