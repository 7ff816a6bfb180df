// `make generate`: for every API in generate.config.ts (or one: --api <name>), lint, validate
// and bundle its spec, then write its outputs (openapi.json, types.ts, operations.ts,
// client.ts) to its folder. `--check` writes nothing and fails when any folder is out of date.
import path from 'node:path';
import { type ApiConfig, GeneratorConfigError, loadConfig } from './generator/config.js';
import { writeGenerated } from './generator/output.js';
import { importSpecifier } from './generator/outputs.js';
import { formatTimings, prepareSpec, renderArtifacts } from './generator/pipeline.js';
import { formatProblems, SpecProblemsError, summarize } from './generator/lint-findings.js';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const only = args.includes('--api') ? args[args.indexOf('--api') + 1] : undefined;

async function generate(api: ApiConfig, runtimeTypes: string): Promise<boolean> {
  const started = performance.now();
  const outputDir = path.resolve(root, api.output);
  const spec = await prepareSpec(path.resolve(root, api.spec), {
    lintConfig: api.lint === undefined ? undefined : path.resolve(root, api.lint),
    validation: 'error',
    hoisted: 'each',
  });
  const artifacts = await renderArtifacts(spec.document, {
    runtimeTypes: importSpecifier(outputDir, path.resolve(root, runtimeTypes)),
    source: api.spec,
    ...(api.outputs ? { outputs: api.outputs } : {}),
  });
  const warnings = [...spec.problems, ...artifacts.problems];
  if (warnings.length > 0) console.warn(formatProblems(warnings));
  if (spec.rewritten.length > 0) {
    console.log(`normalised ${spec.rewritten.length} $ref-with-siblings schema(s) into allOf`);
  }

  const report = await writeGenerated(outputDir, artifacts.files, { check });
  const rel = (name: string) => path.relative(process.cwd(), path.join(outputDir, name));
  const changed = [...report.written, ...report.removed];
  for (const name of report.written) console.log(`${check ? 'out of date' : 'wrote'} ${rel(name)}`);
  for (const name of report.removed)
    console.log(`${check ? 'stale' : 'removed stale'} ${rel(name)}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const state =
    changed.length === 0
      ? `${api.output}/ up to date`
      : `${changed.length} file(s) ${check ? 'out of date' : 'changed'}`;
  console.log(
    `${api.name}: ${artifacts.operationCount} operations, ${summarize(warnings)}, ${state}` +
      ` (${seconds}s: ${formatTimings({ ...spec.timings, ...artifacts.timings })})`,
  );
  return changed.length === 0;
}

async function main(): Promise<number> {
  const config = await loadConfig(root);
  const apis = config.apis.filter((api) => only === undefined || api.name === only);
  if (apis.length === 0) {
    console.error(`no API named '${only}' (known: ${config.apis.map((a) => a.name).join(', ')})`);
    return 1;
  }
  let upToDate = true;
  for (const api of apis) {
    try {
      upToDate = (await generate(api, config.runtimeTypes)) && upToDate;
    } catch (error) {
      if (!(error instanceof SpecProblemsError)) throw error;
      console.error(formatProblems(error.problems));
      console.error(
        `${api.name}: make generate failed at ${error.stage}: ${summarize(error.problems)}`,
      );
      return 1;
    }
  }
  return check && !upToDate ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof GeneratorConfigError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}
