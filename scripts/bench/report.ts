// The run's report: JSON for tools (every round kept) and Markdown for people, which says how
// the figures were measured and how to measure them again.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Machine } from './machine.js';
import type { DataSetResult } from './run-dataset.js';
import { dataSetHeading, overviewTable, routeTable, table } from './tables.js';

export interface BenchReport {
  date: string;
  /** A quick run: its figures are for checking that the benchmark works, not for comparing. */
  smoke: boolean;
  /** The command that reproduces the run. */
  command: string;
  settings: {
    durationSeconds: number;
    warmupSeconds: number;
    connections: number;
    rounds: number;
    writers: number;
    pipelining: 1;
  };
  machine: Machine;
  /** The database servers measured (our service), e.g. "PostgreSQL 18.1 (embedded), fsync on". */
  databases: string[];
  estimateMinutes: number;
  elapsedMinutes: number;
  dataSets: DataSetResult[];
}

export function formatTerminal(report: BenchReport): string {
  const { machine } = report;
  const sets = report.dataSets.map((result) => `${dataSetHeading(result)}\n${routeTable(result)}`);
  return [
    ...sets,
    `All data sets, req/s (% of floor):\n${overviewTable(report.dataSets)}`,
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ` +
      `${machine.os}, Node.js ${machine.node}; ` +
      `${report.databases.join('; ') || 'the database is not ours (URL mode)'}; ` +
      `load average at start ${machine.loadAverage.join(', ')}.`,
  ].join('\n\n');
}

function method(report: BenchReport): string {
  const { connections, warmupSeconds, durationSeconds, rounds, writers } = report.settings;
  return [
    `- Load: [autocannon](https://github.com/mcollina/autocannon) in the benchmark's own ` +
      `process, over loopback (127.0.0.1): ${connections} connections, pipelining 1; for each ` +
      `route a ${warmupSeconds} s warm-up (dropped), then ${durationSeconds} s measured, ` +
      `${rounds} round(s) alternating service and floor. Tables show the median of the rounds ` +
      '(req/s is the mean of the per-second counts; p50 and p99 latency in ms) and the errors ' +
      'and non-2xx answers of all rounds.',
    '- Service: `node --enable-source-maps dist/server.js`, as `make start` runs it, log level ' +
      'warn, abuse limits off, on a fresh database per backend and data set. The embedded ' +
      "default runs PostgreSQL with fsync on, as users run it; Debian's server runs as " +
      'scripts/db/postgres.sh configures it for the tests (its fsync setting is in the table ' +
      'headings).',
    "- Floor: for each route, the service's answer to one request (status, content type, body " +
      'bytes) replayed by a bare Fastify server with that one route, in a process of its own on ' +
      'the same Node, under the same load. "% of floor" is the service\'s req/s over the ' +
      "floor's: how much of what Node and Fastify can serve on this machine is left once the " +
      'service does its work.',
    "- Routes: reads first, then writes. The reads' token is the reader's, who follows several " +
      "authors (the yardstick's one author) and has a full feed. The writes rotate over " +
      `${writers} accounts and up to 200 articles: favorite k is (account k mod ${writers}, ` +
      `article k div ${writers}), a new pair until every pair has been used.`,
    '- Data: the yardstick (one author with 50 articles, created through the API, and a ' +
      'reader), the condition Conduit implementations are compared under; realistic sets (a ' +
      'user per ten articles, tags with a long tail, follows, favorites, comments, popular ' +
      'articles getting more), written straight into the database for our service and through ' +
      'the API for a server given by URL.',
  ].join('\n');
}

/** A heading line per fact (two trailing spaces: a Markdown line break), then the table. */
const markdownSection = (result: DataSetResult) =>
  `${dataSetHeading(result).replaceAll('\n', '  \n')}\n\n${routeTable(result)}`;

export function formatMarkdown(report: BenchReport): string {
  const { machine } = report;
  const machineRows = [
    ['CPU', machine.cpuModel],
    ['cores', String(machine.cores)],
    ['memory', `${machine.memoryGiB} GiB`],
    ['OS', machine.os],
    ['Node.js', machine.node],
    ['PostgreSQL', report.databases.join('; ') || 'not ours (URL mode)'],
    ['load average at start (1, 5, 15 min)', machine.loadAverage.join(', ')],
  ];
  const smoke = report.smoke
    ? '\n**Smoke run** (`--quick`): short runs to check the benchmark works; do not compare ' +
      'these figures.\n'
    : '';
  return `# Benchmark results
${smoke}
Written by \`make bench\` (scripts/bench.ts) on ${report.date}, in ${report.elapsedMinutes} min.
Figures depend on the machine and on what else ran on it: compare runs from one machine only.

Reproduce: \`${report.command}\`

## Overview: req/s (% of floor)

${overviewTable(report.dataSets)}

## Per backend and data set

${report.dataSets.map(markdownSection).join('\n\n')}

## How it was measured

${method(report)}

## Machine

${table(['what', 'value'], machineRows, new Set())}
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
