// The report's tables: Markdown with aligned columns, so the same text reads in a terminal and
// renders on GitHub.
import type { DataSetResult } from './run-dataset.js';

/** Columns listed in `numeric` are right-aligned. */
export function table(headers: string[], rows: string[][], numeric: ReadonlySet<number>): string {
  const widths = headers.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => row[index]?.length ?? 0)),
  );
  const pad = (cell: string, index: number) =>
    numeric.has(index) ? cell.padStart(widths[index] ?? 0) : cell.padEnd(widths[index] ?? 0);
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `| ${widths
    .map((width, index) => (numeric.has(index) ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width)))
    .join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

const rate = (value: number) => value.toFixed(0);
const ms = (value: number) => String(Number(value.toFixed(2)));

/** One data set on one backend: a row per route. */
export function routeTable(result: DataSetResult): string {
  const rows = result.routes.map((route) => {
    const { median } = route.service;
    // No response in the measured time: there is no latency to show.
    const latency = (value: number) => (median.requests === 0 ? '-' : ms(value));
    return [
      route.route,
      rate(median.requestsPerSecond),
      latency(median.p50Ms),
      latency(median.p99Ms),
      `${median.errors} / ${median.non2xx}`,
      rate(route.floor.median.requestsPerSecond),
      `${route.percentOfFloor.toFixed(1)} %`,
    ];
  });
  const headers = ['route', 'req/s', 'p50 ms', 'p99 ms', 'errors / non-2xx', 'floor req/s'];
  return table([...headers, '% of floor'], rows, new Set([1, 2, 3, 4, 5, 6]));
}

/** What each table is about: backend, data, seeding, memory. */
export function dataSetHeading(result: DataSetResult): string {
  const favorite = result.routes.find((route) => route.newFavorites);
  return [
    `${result.backend} × ${result.dataSet}: ${result.server}`,
    `data: ${result.description}; seeded through ${result.seededBy} in ${result.seedSeconds}s; ` +
      `writes by ${result.writers} accounts` +
      (result.idleRssMiB === null ? '' : `; service idle RSS ${result.idleRssMiB} MiB`),
    ...(favorite?.newFavorites
      ? [
          `favorites: ${favorite.newFavorites.created} new rows from ` +
            `${favorite.newFavorites.requests} requests` +
            (favorite.newFavorites.created < favorite.newFavorites.requests
              ? ' (the others repeated a pair, or an article was favorited already)'
              : ''),
        ]
      : []),
  ].join('\n');
}

/** Every route across the data sets: req/s and % of floor. */
export function overviewTable(results: DataSetResult[]): string {
  const routes = [...new Set(results.flatMap((result) => result.routes.map((r) => r.route)))];
  const rows = routes.map((name) => [
    name,
    ...results.map((result) => {
      const route = result.routes.find((r) => r.route === name);
      return route
        ? `${rate(route.service.median.requestsPerSecond)} (${route.percentOfFloor.toFixed(0)} %)`
        : '';
    }),
  ]);
  const headers = ['route', ...results.map((result) => `${result.backend} ${result.dataSet}`)];
  return table(headers, rows, new Set(results.map((_, index) => index + 1)));
}
