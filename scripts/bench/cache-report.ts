// The cache section's report: per hot read and store, each mode's req/s, p99, hit ratio and
// memory, against the peer's figures and the targets (warm: 10x the peer's req/s with p99 at
// most 20 ms; warm with 10% writes: 3x). Written as cache.json and cache.md.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PEER, type CacheResult, type CacheRun } from './cache.js';
import { table } from './tables.js';

export interface CacheReport {
  date: string;
  command: string;
  settings: { durationSeconds: number; warmupSeconds: number; connections: number; rounds: number };
  machine: object;
  database: string;
  elapsedMinutes: number;
  result: CacheResult;
}

const TARGETS: Record<string, { times: number; p99Ms?: number }> = {
  warm: { times: 10, p99Ms: 20 },
  'warm, 10% writes': { times: 3 },
};

function verdict(run: CacheRun): string {
  const target = TARGETS[run.mode];
  if (!target) return '';
  const peer = PEER[run.read];
  const times = run.requestsPerSecond / peer.requestsPerSecond;
  const met = times >= target.times && (target.p99Ms === undefined || run.p99Ms <= target.p99Ms);
  const goal = `${target.times}x${target.p99Ms === undefined ? '' : `, p99 ≤ ${target.p99Ms} ms`}`;
  return `${times.toFixed(1)}x peer (goal ${goal}): ${met ? 'met' : 'not met'}`;
}

const kib = (bytes: number | null) => (bytes === null ? '' : `${(bytes / 1024).toFixed(0)} KiB`);

export function cacheTable(result: CacheResult): string {
  const rows = result.medians.map((run) => [
    run.read,
    run.store,
    run.mode,
    String(run.requestsPerSecond),
    String(run.p50Ms),
    String(run.p99Ms),
    `${run.errors} / ${run.non2xx}`,
    run.hitRatio === null ? '' : `${(run.hitRatio * 100).toFixed(1)} %`,
    kib(run.cacheBytes),
    run.serviceRssMiB === null ? '' : String(run.serviceRssMiB),
    verdict(run),
  ]);
  return table(
    [
      'read',
      'store',
      'cache',
      'req/s',
      'p50 ms',
      'p99 ms',
      'errors / non-2xx',
      'hits',
      'cache memory',
      'RSS MiB',
      'against the peer',
    ],
    rows,
    new Set([3, 4, 5, 9]),
  );
}

export function formatCacheMarkdown(report: CacheReport): string {
  const peer = Object.entries(PEER)
    .map(
      ([read, figures]) => `${read} ${figures.requestsPerSecond} req/s (p99 ${figures.p99Ms} ms)`,
    )
    .join(', ');
  return `# Response cache benchmark

Written by \`make bench\` (scripts/bench.ts) on ${report.date}, in ${report.elapsedMinutes} min.
Figures depend on the machine and on what else ran on it: compare runs from one machine only.

Reproduce: \`${report.command}\`

${cacheTable(report.result)}

## How it was measured

- Data: the yardstick (one author, 50 articles through the API) on ${report.database}.
- Load: autocannon, ${report.settings.connections} connections, ${report.settings.warmupSeconds} s
  warm-up then ${report.settings.durationSeconds} s measured, ${report.settings.rounds} round(s); medians shown.
- Reads: list \`GET /api/articles?limit=20\`, article \`GET /api/articles/{slug}\`, tags
  \`GET /api/tags\`, all anonymous.
- uncached: \`RESPONSE_CACHE=off\`. cold: the cache on, and every read carries a query value no
  other read has (\`&nonce=N\`), so each is a new key: a miss and a keep. warm: the same read
  again and again. warm, 10% writes: each connection sends nine reads then one write that
  changes what the read shows (a favorite of the article for list and article; the writer
  retagging an article of its own for tags), without adding data, so the read's scopes move on every tenth request; req/s and latencies
  cover reads and writes together.
- hits: hit / all lookups in the measured run, from the service's
  \`response_cache_lookups_total\`. cache memory: \`response_cache_bytes\` (characters of keys
  and answers in process) or Redis's \`used_memory\` (the whole Redis). RSS: the service's
  resident memory after the run.
- Peer: a well-known Conduit implementation (Bun + SQLite) on this machine under the same
  conditions: ${peer}.

## Machine

${table(
  ['what', 'value'],
  Object.entries(report.machine).map(([what, value]) => [what, String(value)]),
  new Set(),
)}
`;
}

export async function writeCacheReport(directory: string, report: CacheReport): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const json = path.join(directory, 'cache.json');
  const markdown = path.join(directory, 'cache.md');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, formatCacheMarkdown(report));
  return [json, markdown];
}
