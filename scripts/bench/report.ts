// The benchmark report: a table for people (terminal and Markdown) and JSON for tools, with the
// machine and settings the numbers were measured on.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SeedCounts } from '../seed/seed.js';
import type { LoadSettings, RouteResult } from './load.js';

export interface Machine {
  cpuModel: string;
  cpuCount: number;
  totalMemoryGiB: number;
  os: string;
  node: string;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine. */
  loadAverage: number[];
}

export interface BenchReport {
  date: string;
  machine: Machine;
  settings: LoadSettings & {
    pipelining: number;
    server: string;
    client: string;
    /** How the routes were called: which article, which user. */
    scenario: string;
  };
  data: { description: string; counts: SeedCounts; randomSeed: number; seedSeconds: number };
  routes: RouteResult[];
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    node: process.version,
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
}

const COLUMNS: [string, (result: RouteResult) => string][] = [
  ['route', (r) => r.route],
  ['req/s (mean)', (r) => r.requestsPerSecond.toFixed(1)],
  ['p50 latency', (r) => `${r.latencyMs.p50} ms`],
  ['p99 latency', (r) => `${r.latencyMs.p99} ms`],
  ['requests', (r) => String(r.requests)],
  ['errors / non-2xx', (r) => `${r.errors} / ${r.non2xx}`],
];
const NUMERIC = new Set([1, 2, 3, 4]);

/** A Markdown table with aligned columns, readable as plain text too. */
export function formatTable(results: RouteResult[]): string {
  const rows = results.map((result) => COLUMNS.map(([, cell]) => cell(result)));
  const widths = COLUMNS.map(([title], index) =>
    Math.max(title.length, ...rows.map((row) => row[index]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, index) =>
        NUMERIC.has(index) ? cell.padStart(widths[index] ?? 0) : cell.padEnd(widths[index] ?? 0),
      )
      .join(' | ')} |`;
  const rule = `| ${widths
    .map((width, index) => (NUMERIC.has(index) ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width)))
    .join(' | ')} |`;
  return [line(COLUMNS.map(([title]) => title)), rule, ...rows.map(line)].join('\n');
}

export function formatSummary(report: BenchReport): string {
  const { settings } = report;
  return [
    `Data: ${report.data.description} (seeded in ${report.data.seedSeconds}s).`,
    `Load: ${settings.connections} connections, ${settings.durationSeconds}s per route after a ` +
      `${settings.warmupSeconds}s warm-up, pipelining ${settings.pipelining}.`,
  ].join('\n');
}

export function formatMarkdown(report: BenchReport): string {
  const { machine, settings } = report;
  return `# Benchmark results

Written by \`make bench\` (scripts/bench.ts) on ${report.date}. Numbers depend on the
machine below and on what else ran on it; compare runs from the same machine only.

${formatTable(report.routes)}

${formatSummary(report)}

Routes run in this order against one server; \`POST /api/articles\` adds an article per
request (unique titles), so it runs last. Latencies are autocannon's, in milliseconds.

## Setup

- Server: ${settings.server}
- Client: ${settings.client}
- Data: ${report.data.description}; random seed ${report.data.randomSeed}
- Requests: ${settings.scenario}

## Machine

| what | value |
| --- | --- |
| CPU | ${machine.cpuModel} |
| CPU count | ${machine.cpuCount} |
| memory | ${machine.totalMemoryGiB} GiB |
| OS | ${machine.os} |
| Node.js | ${machine.node} |
| load average at start (1, 5, 15 min) | ${machine.loadAverage.join(', ')} |
| date | ${report.date} |
| duration per route | ${settings.durationSeconds} s (+ ${settings.warmupSeconds} s warm-up) |
| connections | ${settings.connections} |
`;
}

/** Writes latest.json and latest.md into `directory`, replacing earlier results. */
export async function writeReport(directory: string, report: BenchReport): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const json = path.join(directory, 'latest.json');
  const markdown = path.join(directory, 'latest.md');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, formatMarkdown(report));
  return [json, markdown];
}
