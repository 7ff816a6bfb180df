// The backend registry: every database backend's descriptor, and the one a URL picks. Adding a
// backend is its folder (exporting a descriptor, see backend.ts) and one line here; nothing above
// src/conduit/models/ knows which backend it runs on.
import { type BackendDescriptor, type BackendOpenOptions, redactUserinfo } from './backend.js';
import type { Database } from './database.js';
import { embeddedBackend } from './embedded-postgres/backend.js';
import { mariadbBackend } from './mariadb/backend.js';
import { mongoBackend } from './mongoose/backend.js';
import { postgresBackend } from './prisma/backend.js';

export const BACKENDS: readonly BackendDescriptor[] = [
  postgresBackend,
  embeddedBackend,
  mongoBackend,
  mariadbBackend,
];

/** The backend for `url`; throws naming every accepted form (and no password) when none is. */
export function backendFor(url: string): BackendDescriptor {
  const backend = BACKENDS.find((candidate) => candidate.accepts(url));
  if (backend) return backend;
  const forms = BACKENDS.flatMap((candidate) => candidate.urlForms).join(', ');
  throw new Error(
    `Invalid database URL "${redactDatabaseUrl(url)}": unsupported scheme; expected ${forms}.`,
  );
}

/** Opens the backend the URL names; `migrate()` then applies pending schema changes. */
export async function openDatabase(
  url: string,
  options: BackendOpenOptions = {},
): Promise<Database> {
  return backendFor(url).open(url, options);
}

/** The URL with any password hidden, by its backend's rule (any URL: a mistyped one too). */
export function redactDatabaseUrl(url: string): string {
  return (
    BACKENDS.find((candidate) => candidate.accepts(url))?.redactUrl(url) ?? redactUserinfo(url)
  );
}
