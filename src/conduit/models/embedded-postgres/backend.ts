// The embedded default: a PostgreSQL server this process starts (or finds running) on a folder
// of its own, opened through Prisma like any PostgreSQL. `pglite:` URLs are taken only to be
// refused with what to write instead (PGlite was the embedded database before).
import type { BackendDescriptor } from '../backend.js';
import { openPrismaBackend } from '../prisma/backend.js';

export const embeddedBackend: BackendDescriptor = {
  name: 'embedded',
  urlForms: ['embedded:<directory path>'],
  accepts: (url) => /^(embedded|pglite):/i.test(url),
  open: openPrismaBackend,
  // A folder, no credentials.
  redactUrl: (url) => url,
};
