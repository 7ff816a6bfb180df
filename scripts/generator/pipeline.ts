// The stages of `make generate` in order, shared with the third-party check: lint, validate,
// bundle, normalise, read the spec model once, then render each chosen output from it.
import { type BundleOptions, bundleSpec, type OpenApiDocument } from './bundle.js';
import { lintSpec } from './lint.js';
import { normalizeSchemaRefs } from './normalize.js';
import { generatedHeader } from './output.js';
import { OUTPUT_NAMES, OUTPUTS, type OutputName } from './outputs.js';
import { hasErrors, type Problem, type Severity, SpecProblemsError } from './lint-findings.js';
import { readOperations } from './spec-model.js';
import { messageOf, validateSpec } from './validate.js';

export interface Timings {
  [stage: string]: number;
}

export interface PrepareOptions {
  /** redocly.yaml to lint with; no lint when absent (third-party specs). */
  lintConfig?: string | undefined;
  /** Validation errors fail the run (our spec) or become warnings (third-party specs). */
  validation: Severity;
  /** See BundleOptions.hoisted. */
  hoisted: BundleOptions['hoisted'];
}

export interface PreparedSpec {
  document: OpenApiDocument;
  /** Warnings from every stage (errors throw SpecProblemsError instead). */
  problems: Problem[];
  /** Pointers of the schemas the normaliser rewrote. */
  rewritten: string[];
  timings: Timings;
}

/**
 * Lint runs first: Redocly reports most mistakes (structure included) with file:line, while
 * swagger-parser validates the dereferenced document and can only be traced back to a pointer.
 */
export async function prepareSpec(
  specPath: string,
  options: PrepareOptions,
): Promise<PreparedSpec> {
  const timings: Timings = {};
  const problems: Problem[] = [];
  const stage = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      timings[name] = performance.now() - start;
    }
  };
  const collect = (name: string, found: Problem[]) => {
    if (hasErrors(found)) throw new SpecProblemsError(name, found);
    problems.push(...found);
  };

  const { lintConfig } = options;
  if (lintConfig) collect('lint', await stage('lint', () => lintSpec(specPath, lintConfig)));
  const validation = await stage('validate', () => validateSpec(specPath));
  collect(
    'validate',
    validation.map((p) => ({ ...p, severity: options.validation })),
  );
  const bundled = await stage('bundle', async () => {
    try {
      return await bundleSpec(specPath, { hoisted: options.hoisted });
    } catch (error) {
      // Unreadable files and unresolvable $refs: swagger-parser's message names the file.
      throw new SpecProblemsError('bundle', [
        { severity: 'error', rule: 'bundle', message: messageOf(error), file: specPath },
      ]);
    }
  });
  collect('bundle', bundled.problems);
  const start = performance.now();
  const normalized = normalizeSchemaRefs(bundled.document);
  timings['normalize'] = performance.now() - start;
  return { document: normalized.document, problems, rewritten: normalized.rewritten, timings };
}

export interface Artifacts {
  files: Map<string, string>;
  operationCount: number;
  problems: Problem[];
  timings: Timings;
}

export interface RenderOptions {
  /** Import specifier of the runtime's types module, from the output folder. */
  runtimeTypes: string;
  /** The spec's path as the DO-NOT-EDIT header names it. */
  source: string;
  /** Which outputs to render; every one by default. */
  outputs?: readonly OutputName[];
  silent?: boolean;
}

export async function renderArtifacts(
  document: OpenApiDocument,
  options: RenderOptions,
): Promise<Artifacts> {
  const timings: Timings = {};
  let start = performance.now();
  const model = readOperations(document);
  timings['model'] = performance.now() - start;
  const context = {
    document,
    model,
    runtimeTypes: options.runtimeTypes,
    silent: options.silent ?? false,
  };
  const files = new Map<string, string>();
  for (const name of options.outputs ?? OUTPUT_NAMES) {
    const output = OUTPUTS[name];
    start = performance.now();
    const content = await output.render(context);
    timings[name.replace(/\.\w+$/, '')] = performance.now() - start;
    files.set(name, output.typescript ? `${generatedHeader(options.source)}${content}` : content);
  }
  return { files, operationCount: model.operations.length, problems: model.problems, timings };
}

export function formatTimings(timings: Timings): string {
  return Object.entries(timings)
    .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)}s`)
    .join(', ');
}
