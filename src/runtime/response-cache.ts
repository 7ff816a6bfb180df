// The server-side response cache the spec declares: a GET with `x-cache-scopes` is answered
// from the store while none of its scopes has changed, and a write's `x-invalidates` moves its
// scopes on before its answer goes out, so the next read (on any instance sharing the store)
// reads the database. Answers are kept per viewer: one caller's `favorited` is never another's.
// The cache is never a reason to fail: when the store errs or is slow the request reads the
// database (logged once per outage), and a write whose scopes could not be moved keeps this
// instance off the cache until they have been.
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { OperationInfo } from './types.js';
import type { CacheStore, CachedAnswer } from './cache-store.js';

export type CacheOutcome = 'hit' | 'miss' | 'bypass' | 'error';

export interface ResponseCacheOptions {
  store: CacheStore;
  /** How long an answer may be kept at most: a bound on memory, not on staleness. */
  ttlSeconds: number;
  /** How long a store operation may take before the request reads the database instead. */
  timeoutMs: number;
  /** Who the answer is for: the same string for callers who see the same answer. */
  viewer(principal: unknown): string;
  log: FastifyBaseLogger;
  /** Counts each lookup's outcome (for the metrics). */
  count?(outcome: CacheOutcome): void;
}

/** A lookup that missed: where the answer read from the database is to be kept. */
export interface Pending {
  key: string;
  versions: string;
}

export type Found = { answer: CachedAnswer } | { pending: Pending } | undefined;

export class ResponseCache {
  private unavailableSince: number | undefined;
  /** Reads of one key at the same versions in flight in this process: the first reads the
   * database, the others wait for its answer (a key just invalidated is read once, not once
   * per waiting request). Keyed by versions too, so a read that began after a write never
   * waits for one that began before it. */
  private readonly flights = new Map<string, Promise<CachedAnswer | undefined>>();
  /** Scopes a write could not move: until they are moved, this instance reads no answers. */
  private readonly unmoved = new Set<string>();

  constructor(private readonly options: ResponseCacheOptions) {}

  /** The kept answer, or where to keep the one about to be read; undefined: read, keep nothing. */
  async find(info: OperationInfo, request: FastifyRequest): Promise<Found> {
    if (!info.cacheScopes) return undefined;
    const { count } = this.options;
    if (this.unmoved.size > 0 && !(await this.moveUnmoved())) {
      count?.('bypass');
      return undefined;
    }
    const key = keyOf(info, request, this.options.viewer(principalOf(request)));
    try {
      const found = await this.timed(
        this.options.store.lookup(scopesOf(info.cacheScopes, request), key),
      );
      this.recovered();
      count?.(found.answer ? 'hit' : 'miss');
      return found.answer
        ? { answer: found.answer }
        : { pending: { key, versions: found.versions } };
    } catch (error) {
      this.failed(error);
      count?.('error');
      return undefined;
    }
  }

  /** The answer another request of this process is reading for the same key and versions. */
  joinFlight(pending: Pending): Promise<CachedAnswer | undefined> | undefined {
    return this.flights.get(`${pending.key}@${pending.versions}`);
  }

  /** Marks this request as the one reading the database for `pending`; call the returned
   * function with its answer (undefined when it is not one to share) once it has it. */
  startFlight(pending: Pending): (answer: CachedAnswer | undefined) => void {
    const id = `${pending.key}@${pending.versions}`;
    let land!: (answer: CachedAnswer | undefined) => void;
    this.flights.set(id, new Promise((resolve) => (land = resolve)));
    return (answer) => {
      this.flights.delete(id);
      land(answer);
    };
  }

  /** Keeps an answer read from the database; a failure only means it is read again next time. */
  keep(pending: Pending, answer: CachedAnswer): void {
    this.timed(
      this.options.store.keep(
        pending.key,
        pending.versions,
        answer,
        this.options.ttlSeconds * 1000,
      ),
    ).then(
      () => this.recovered(),
      (error: unknown) => this.failed(error),
    );
  }

  /** Moves the write's scopes on; awaited before its answer goes out (read-your-writes). */
  async invalidate(info: OperationInfo, request: FastifyRequest): Promise<void> {
    if (!info.invalidates) return;
    const scopes = scopesOf(info.invalidates, request);
    try {
      await this.timed(this.options.store.bump(scopes));
      this.recovered();
    } catch (error) {
      for (const scope of scopes) this.unmoved.add(scope);
      this.failed(error);
    }
  }

  private async moveUnmoved(): Promise<boolean> {
    const scopes = [...this.unmoved];
    try {
      await this.timed(this.options.store.bump(scopes));
      for (const scope of scopes) this.unmoved.delete(scope);
      this.recovered();
      return true;
    } catch (error) {
      this.failed(error);
      return false;
    }
  }

  private timed<T>(operation: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`cache store took over ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
    });
    return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
  }

  private failed(error: unknown): void {
    if (this.unavailableSince !== undefined) return;
    this.unavailableSince = Date.now();
    this.options.log.warn({ err: error }, 'response cache unavailable: reading the database');
  }

  private recovered(): void {
    if (this.unavailableSince === undefined) return;
    const seconds = (Date.now() - this.unavailableSince) / 1000;
    this.unavailableSince = undefined;
    this.options.log.info({ unavailableSeconds: seconds }, 'response cache available again');
  }
}

function principalOf(request: FastifyRequest): unknown {
  return (request as { principal?: unknown }).principal;
}

/** `article:{slug}` -> `article:how-to-train`, from the request's path parameters. */
function scopesOf(templates: readonly string[], request: FastifyRequest): string[] {
  const params = (request.params ?? {}) as Record<string, unknown>;
  return templates.map((template) =>
    template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(params[name]))),
  );
}

/** One key per operation, viewer and (validated) parameters, of a fixed length. */
function keyOf(info: OperationInfo, request: FastifyRequest, viewer: string): string {
  return createHash('sha256')
    .update(info.operationId)
    .update('\0')
    .update(viewer)
    .update('\0')
    .update(JSON.stringify(request.params ?? {}))
    .update('\0')
    .update(JSON.stringify(request.query ?? {}))
    .digest('base64url');
}
