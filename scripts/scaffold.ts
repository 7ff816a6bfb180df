// `make scaffold` (after `make generate`): a 501 stub and pending contract tests for every
// operation no handwritten handler implements yet. See scripts/scaffold/run.ts.
import path from 'node:path';
import { LAYOUT, runScaffold } from './scaffold/run.js';

const root = path.resolve(import.meta.dirname, '..');

try {
  const report = await runScaffold(root);
  for (const { file, message } of report.added) console.log(`added ${file}: ${message}`);
  if (report.registry) {
    console.log(`rewrote ${report.registry.file}: ${report.registry.message}`);
  }
  for (const { file, message } of report.leftovers) console.log(`note: ${file}: ${message}`);
  for (const { file, message } of report.stale) console.error(`stale: ${file}: ${message}`);
  const pending = report.added.filter((finding) =>
    finding.file.startsWith(`${LAYOUT.stubs}/`),
  ).length;
  console.log(
    `${report.operationCount} operations; ` +
      (pending === 0 ? 'nothing added' : `${pending} new stub(s)`) +
      (report.stale.length > 0 ? `; ${report.stale.length} stale stub(s) to delete` : ''),
  );
  process.exitCode = report.stale.length > 0 ? 1 : 0;
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
