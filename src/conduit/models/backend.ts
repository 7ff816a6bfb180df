// What every database backend exports from its folder (src/conduit/models/<backend>/backend.ts), so that
// the registry (backends.ts) can pick one by URL and nothing above src/conduit/models/ knows which it is.
import type { Database } from './database.js';
import type { DatabaseLimits } from './database-limits.js';

export interface BackendOpenOptions {
  /** Called with every statement (SQL) or "<command> <collection>" (MongoDB) sent to the
   * database, for observing it, e.g. counting queries in tests; must not throw. */
  onQuery?: (statement: string) => void;
  /** fsync and synchronous commits where the backend owns its server; off only for throwaway
   * data. */
  durable?: boolean;
  /** Pool size and timeouts; DEFAULT_DATABASE_LIMITS when not given. */
  limits?: DatabaseLimits;
}

export interface BackendDescriptor {
  /** Shown in logs and errors: 'embedded', 'postgresql', 'mongodb', ... */
  name: string;
  /** The URL forms it accepts, for error messages and docs: 'postgresql://...'. */
  urlForms: readonly string[];
  accepts(url: string): boolean;
  /** Connects; `migrate()` on the result applies pending schema changes, `ping()` checks it. */
  open(url: string, options?: BackendOpenOptions): Promise<Database>;
  /** The URL with any password hidden, safe for logs and error messages. */
  redactUrl(url: string): string;
}

/** `scheme://user:password@host` -> `scheme://user:***@host`: what every URL-shaped backend shows. */
export function redactUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}
