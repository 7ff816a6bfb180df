// `make check-third-party`: runs the generator on a large third-party spec (DigitalOcean's public
// API, OpenAPI 3.0, ~2000 files) and type-checks the output, to catch generator bugs our own
// spec does not exercise.
// Usage: tsx scripts/check-third-party.ts [path/to/openapi.yaml] [--out dir (kept, for a look)]
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { importSpecifier } from './generator/outputs.js';
import { formatTimings, prepareSpec, renderArtifacts, type Timings } from './generator/pipeline.js';
import { formatProblems, SpecProblemsError, summarize } from './generator/lint-findings.js';
import { typeCheck } from './generator/typecheck.js';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outDir = outAt === -1 ? undefined : args.splice(outAt, 2)[1];
const specPath = path.resolve(
  args[0] ?? path.join(root, '../shared/specs/digitalocean/DigitalOcean-public.v2.yaml'),
);
/** Per rule, warnings beyond this many are counted, not printed. */
const MAX_PRINTED = 10;

async function main(): Promise<number> {
  const started = performance.now();
  console.log(`third-party check: ${specPath}`);
  // Their spec, their rules: validation problems and refs outside #/components/ only warn.
  const spec = await prepareSpec(specPath, { validation: 'warn', hoisted: 'summary' });
  // Inside the repository by default, so the generated client resolves openapi-fetch.
  const cache = path.join(root, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const dir = outDir ? path.resolve(outDir) : await mkdtemp(path.join(cache, 'check-third-party-'));
  if (outDir) await mkdir(dir, { recursive: true });
  const artifacts = await renderArtifacts(spec.document, {
    runtimeTypes: importSpecifier(dir, path.join(root, 'src/runtime/types.ts')),
    source: path.relative(root, specPath),
    silent: true,
  });
  const warnings = [...spec.problems, ...artifacts.problems];
  const rules = [...new Set(warnings.map((w) => w.rule))];
  for (const rule of rules) {
    const ofRule = warnings.filter((w) => w.rule === rule);
    console.warn(formatProblems(ofRule.slice(0, MAX_PRINTED)));
    if (ofRule.length > MAX_PRINTED) {
      console.warn(`... and ${ofRule.length - MAX_PRINTED} more ${rule} warnings`);
    }
  }

  const timings: Timings = { ...spec.timings, ...artifacts.timings };
  try {
    await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    for (const [name, content] of artifacts.files) await writeFile(path.join(dir, name), content);
    const start = performance.now();
    const result = typeCheck([path.join(dir, 'operations.ts'), path.join(dir, 'client.ts')]);
    timings['typecheck'] = performance.now() - start;
    const total = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${artifacts.operationCount} operations, ${summarize(warnings)}`);
    console.log(`timings: ${formatTimings(timings)}; total ${total}s`);
    if (result.diagnostics.length > 0) {
      console.error(result.diagnostics.slice(0, 50).join('\n'));
      console.error(`FAIL: generated code has ${result.diagnostics.length} type error(s)`);
      return 1;
    }
    console.log(
      `OK: generated types.ts, operations.ts and client.ts type-check (strict) in ${total}s`,
    );
    return 0;
  } finally {
    if (!outDir) await rm(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof SpecProblemsError) {
    console.error(formatProblems(error.problems.slice(0, 50)));
    console.error(`FAIL at ${error.stage}: ${summarize(error.problems)}`);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    console.error('FAIL');
  }
  process.exitCode = 1;
}
