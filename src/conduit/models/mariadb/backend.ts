// MySQL and MariaDB through Prisma: the backend descriptor the registry (../backends.ts) picks
// for mysql:// and mariadb:// URLs.
import type { BackendDescriptor } from '../backend.js';
import { redactUserinfo } from '../backend.js';
import { prismaDatabase } from '../prisma/backend.js';
import { openMariaDb } from './connect.js';

export const mariadbBackend: BackendDescriptor = {
  name: 'mysql',
  urlForms: ['mysql://...', 'mariadb://...'],
  accepts: (url) => /^(mysql|mariadb):\/\//i.test(url),
  open: async (url, options) => prismaDatabase(await openMariaDb(url, options)),
  redactUrl: redactUserinfo,
};
