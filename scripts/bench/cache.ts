// The response cache under load, on the yardstick data (one author, 50 articles, as Conduit
// implementations are compared): each hot read (list, article, tags) with the cache off, cold
// (every read a miss: a query value no read repeats, so each is a new key), warm (the same read
// again and again) and warm with one write in ten that invalidates what the read shows; on the
// in-process store and on Redis. Hit ratios come from the service's /metrics, memory from its
// cache gauge (in process) or Redis's used_memory, and the service's resident memory after.
import { Redis } from 'ioredis';
import { ConduitApi } from './api.js';
import { takeTokens } from './accounts.js';
import type { FreshDatabase } from './backends.js';
import type { Cleanup } from './cleanup.js';
import type { BenchOptions, CacheStoreName } from './options.js';
import { freePort, residentMiB } from './processes.js';
import { assembleScenario } from './scenario.js';
import { loadFor } from './load.js';
import { median } from './measure.js';
import { migrate } from './seed-sql.js';
import { seedYardstick } from './seed-api.js';
import { startService } from './service.js';

const MODES = ['uncached', 'cold', 'warm', 'warm, 10% writes'] as const;
type Mode = (typeof MODES)[number];

/** A well-known Conduit implementation (Bun + SQLite) measured on this machine under the
 * yardstick conditions at 50 connections: the figures the targets are multiples of. */
export const PEER = {
  list: { requestsPerSecond: 914, p99Ms: 84 },
  article: { requestsPerSecond: 1327, p99Ms: 61 },
  tags: { requestsPerSecond: 4012, p99Ms: 23 },
} as const;
type Read = keyof typeof PEER;

export interface CacheRun {
  read: Read;
  store: CacheStoreName;
  mode: Mode;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** Hits of all lookups in the measured run; null with the cache off. */
  hitRatio: number | null;
  /** What the cache held after the run: its gauge in process, used_memory on Redis. */
  cacheBytes: number | null;
  serviceRssMiB: number | null;
}

export interface CacheResult {
  runs: CacheRun[];
  /** Medians over the rounds, one per (read, store, mode). */
  medians: CacheRun[];
}

interface Target {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The yardstick's article the reads use, and the writer with an article of its own. */
interface Seeded {
  slug: string;
  writerToken: string;
  ownSlug: string;
}

function readOf(read: Read, slug: string): string {
  if (read === 'list') return '/api/articles?limit=20';
  if (read === 'article') return `/api/articles/${encodeURIComponent(slug)}`;
  return '/api/tags';
}

/**
 * The write of the mix: one that changes what the read shows (its scopes), and leaves the data
 * its size, so every mode and store reads the same data. The list and the article: a favorite
 * of the article (again a 200 when it is one already). Tags: the writer retags an article of
 * its own.
 */
function writeOf(read: Read, seeded: Seeded, k: number): Target {
  const json = { 'content-type': 'application/json' };
  const auth = { authorization: `Token ${seeded.writerToken}` };
  if (read === 'tags') {
    const article = { tagList: ['cache', `cache-${k % 2}`] };
    return {
      method: 'PUT',
      path: `/api/articles/${encodeURIComponent(seeded.ownSlug)}`,
      headers: { ...json, ...auth },
      body: JSON.stringify({ article }),
    };
  }
  return {
    method: 'POST',
    path: `/api/articles/${encodeURIComponent(seeded.slug)}/favorite`,
    headers: auth,
  };
}

async function lookups(baseUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const [, outcome, value] of text.matchAll(
    /^response_cache_lookups_total\{outcome="(\w+)"\} (\d+)$/gm,
  )) {
    counts[outcome!] = Number(value);
  }
  const bytes = /^response_cache_bytes (\d+)$/m.exec(text);
  counts['bytes'] = Number(bytes?.[1] ?? 0);
  return counts;
}

/** Request numbers of one service, never reused: no cold read repeats a warm-up's key. */
interface Counter {
  next: number;
}

function load(
  baseUrl: string,
  read: string,
  mode: Mode,
  write: (k: number) => Target,
  seconds: number,
  connections: number,
  counter: Counter,
) {
  const get = { method: 'GET' as const, path: read, headers: { accept: 'application/json' } };
  const requests =
    mode === 'cold'
      ? [
          {
            ...get,
            setupRequest: (request: object) => ({
              ...request,
              path: `${read}${read.includes('?') ? '&' : '?'}nonce=${counter.next++}`,
            }),
          },
        ]
      : mode === 'warm, 10% writes'
        ? [
            ...Array.from({ length: 9 }, () => get),
            { method: 'POST' as const, setupRequest: () => write(counter.next++) },
          ]
        : [get];
  return loadFor(baseUrl, seconds, connections, requests);
}

export async function runCacheBench(
  database: FreshDatabase,
  options: BenchOptions,
  context: { cleanup: Cleanup; runId: string; redisUrl: string | undefined },
): Promise<CacheResult> {
  const runs: CacheRun[] = [];
  await migrate(database.url);
  const stores = options.cacheStores.filter((store) => store === 'memory' || context.redisUrl);
  const variants: { store: CacheStoreName; mode: Mode; env: Record<string, string> }[] = [];
  for (const store of stores) {
    const env: Record<string, string> =
      store === 'redis'
        ? {
            REDIS_URL: context.redisUrl!,
            RESPONSE_CACHE: 'redis',
            RESPONSE_CACHE_REDIS_PREFIX: `bench:${context.runId}:`,
          }
        : { RESPONSE_CACHE: 'memory' };
    variants.push({ store, mode: 'uncached', env: { ...env, RESPONSE_CACHE: 'off' } });
    for (const mode of MODES.slice(1)) variants.push({ store, mode, env });
  }
  let seeded: Seeded | undefined;
  for (const variant of variants) {
    const service = await startService(
      database.url,
      await freePort(),
      context.cleanup,
      variant.env,
    );
    try {
      const api = new ConduitApi(service.url);
      if (!seeded) {
        const data = await seedYardstick(api, '');
        const tokens = await takeTokens(api, data, true, 1, `${context.runId}c`);
        const scenario = assembleScenario(data.slugs, tokens.reader, tokens.writers, context.runId);
        const writerToken = scenario.writerTokens[0]!;
        const own = { title: `Cache ${context.runId}`, description: 'd', body: 'b', tagList: [] };
        seeded = { slug: scenario.slug, writerToken, ownSlug: await api.publish(writerToken, own) };
      }
      const { slug } = seeded;
      const written = seeded;
      const counter: Counter = { next: 0 };
      for (const read of ['list', 'article', 'tags'] as const) {
        const write = (k: number) => writeOf(read, written, k);
        for (let round = 1; round <= options.rounds; round += 1) {
          if (options.warmupSeconds > 0) {
            await load(
              service.url,
              readOf(read, slug),
              variant.mode,
              write,
              options.warmupSeconds,
              options.connections,
              counter,
            );
          }
          const before = await lookups(service.url);
          const result = await load(
            service.url,
            readOf(read, slug),
            variant.mode,
            write,
            options.durationSeconds,
            options.connections,
            counter,
          );
          const after = await lookups(service.url);
          const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
          const total = delta('hit') + delta('miss') + delta('bypass') + delta('error');
          const run: CacheRun = {
            read,
            store: variant.store,
            mode: variant.mode,
            requestsPerSecond: Number(result.requests.mean.toFixed(1)),
            p50Ms: result.latency.p50,
            p99Ms: result.latency.p99,
            errors: result.errors,
            non2xx: result.non2xx,
            hitRatio:
              variant.mode === 'uncached' || total === 0
                ? null
                : Number((delta('hit') / total).toFixed(3)),
            cacheBytes:
              variant.mode === 'uncached'
                ? null
                : variant.store === 'redis'
                  ? await redisUsedMemory(context.redisUrl!)
                  : (after['bytes'] ?? null),
            serviceRssMiB: (await residentMiB(service.pid)) ?? null,
          };
          runs.push(run);
          console.log(
            `  ${read} / ${variant.store} / ${variant.mode}: ${run.requestsPerSecond} req/s, p99 ${run.p99Ms} ms` +
              (run.hitRatio === null ? '' : `, hits ${(run.hitRatio * 100).toFixed(1)} %`),
          );
        }
      }
    } finally {
      await service.stop();
    }
  }
  return { runs, medians: medians(runs) };
}

async function redisUsedMemory(url: string): Promise<number | null> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const info = await redis.info('memory');
    return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN) || null;
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}

function medians(runs: CacheRun[]): CacheRun[] {
  const groups = new Map<string, CacheRun[]>();
  for (const run of runs) {
    const key = `${run.read}|${run.store}|${run.mode}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const of = (pick: (run: CacheRun) => number | null) => {
      const values = group.map(pick).filter((value): value is number => value !== null);
      return values.length === 0 ? null : Number(median(values).toFixed(3));
    };
    return {
      ...first,
      requestsPerSecond: of((run) => run.requestsPerSecond) ?? 0,
      p50Ms: of((run) => run.p50Ms) ?? 0,
      p99Ms: of((run) => run.p99Ms) ?? 0,
      errors: group.reduce((sum, run) => sum + run.errors, 0),
      non2xx: group.reduce((sum, run) => sum + run.non2xx, 0),
      hitRatio: of((run) => run.hitRatio),
      cacheBytes: of((run) => run.cacheBytes),
      serviceRssMiB: of((run) => run.serviceRssMiB),
    };
  });
}
