// `make generate`: lint, validate and bundle spec/openapi.yaml, then write generated/
// (openapi.json, types.ts, operations.ts). `--check` writes nothing and fails when generated/
// is out of date.
import path from 'node:path';
import { writeGenerated } from './generator/output.js';
import { formatTimings, prepareSpec, renderArtifacts } from './generator/pipeline.js';
import { formatProblems, SpecProblemsError, summarize } from './generator/lint-findings.js';

const root = path.resolve(import.meta.dirname, '..');
const specPath = path.join(root, 'spec', 'openapi.yaml');
const outputDir = path.join(root, 'generated');
const check = process.argv.includes('--check');

async function main(): Promise<number> {
  const started = performance.now();
  const spec = await prepareSpec(specPath, {
    lintConfig: path.join(root, 'redocly.yaml'),
    validation: 'error',
    hoisted: 'each',
  });
  const artifacts = await renderArtifacts(spec.document);
  const warnings = [...spec.problems, ...artifacts.problems];
  if (warnings.length > 0) console.warn(formatProblems(warnings));
  if (spec.rewritten.length > 0) {
    console.log(`normalised ${spec.rewritten.length} $ref-with-siblings schema(s) into allOf`);
  }

  const report = await writeGenerated(outputDir, artifacts.files, { check });
  const rel = (name: string) => path.relative(process.cwd(), path.join(outputDir, name));
  const changed = [...report.written, ...report.removed];
  if (check) {
    for (const name of report.written) console.log(`out of date: ${rel(name)}`);
    for (const name of report.removed) console.log(`stale: ${rel(name)}`);
  } else {
    for (const name of report.written) console.log(`wrote ${rel(name)}`);
    for (const name of report.removed) console.log(`removed stale ${rel(name)}`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${artifacts.operationCount} operations, ${summarize(warnings)}, ` +
      `${changed.length === 0 ? 'generated/ up to date' : `${changed.length} file(s) ${check ? 'out of date' : 'changed'}`}` +
      ` (${seconds}s: ${formatTimings({ ...spec.timings, ...artifacts.timings })})`,
  );
  return check && changed.length > 0 ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof SpecProblemsError) {
    console.error(formatProblems(error.problems));
    console.error(`make generate failed at ${error.stage}: ${summarize(error.problems)}`);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exitCode = 1;
}
