// `make breaking-check`: fail when the working tree's API (generated/openapi.json, run after
// `make generate`) breaks clients of the base commit's API, unless each breaking change is
// accepted in spec/accepted-breaking-changes.yaml. See README, "Breaking changes".
//
//   tsx scripts/breaking-changes.ts [--base REF]                  git base (default: see base-ref.ts)
//   tsx scripts/breaking-changes.ts --base-file A --revision-file B   two files, no git
//   tsx scripts/breaking-changes.ts --install                     only install oasdiff
//
// Exit status: 0 no unaccepted breaking change (or nothing to compare with), 1 unaccepted
// breaking changes or an invalid acceptance file, 2 usage or tool errors.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AcceptanceFileError, loadAcceptances } from './breaking/acceptance.js';
import { BaseRefError, BUNDLE, bundleAt, selectBase } from './breaking/base-ref.js';
import { compareSpecs } from './breaking/compare.js';
import { ensureOasdiff, OasdiffUnavailableError } from './breaking/oasdiff.js';

const root = path.resolve(import.meta.dirname, '..');
const ACCEPTED = 'spec/accepted-breaking-changes.yaml';

const USAGE = `usage: tsx scripts/breaking-changes.ts [--base REF | --base-file FILE] [--revision-file FILE]
                                    [--accepted FILE] [--install]`;

/** A path relative to the working directory when it is inside it, else absolute. */
function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

async function main(): Promise<number> {
  const started = performance.now();
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        base: { type: 'string' },
        'base-file': { type: 'string' },
        'revision-file': { type: 'string' },
        accepted: { type: 'string' },
        install: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.base !== undefined && values['base-file'] !== undefined) {
    console.error(`--base and --base-file exclude each other\n${USAGE}`);
    return 2;
  }
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;

  if (values.install) {
    console.log(`${display(await ensureOasdiff(root))} is ready`);
    return 0;
  }

  // The acceptance file is checked first and always, even when there is nothing to compare.
  const acceptedFile = path.resolve(values.accepted ?? path.join(root, ACCEPTED));
  const acceptedLabel = display(acceptedFile);
  const acceptances = await loadAcceptances(acceptedFile, acceptedLabel);

  const revisionFile = path.resolve(values['revision-file'] ?? path.join(root, BUNDLE));
  if (!existsSync(revisionFile)) {
    console.error(`${revisionFile} does not exist (run \`make generate\` first)`);
    return 2;
  }
  if (values['base-file'] !== undefined && !existsSync(values['base-file'])) {
    console.error(`${values['base-file']} does not exist`);
    return 2;
  }
  let baseFile = values['base-file'] === undefined ? undefined : path.resolve(values['base-file']);
  let baseLabel = baseFile ? display(baseFile) : '';
  let work: string | undefined;
  try {
    if (!baseFile) {
      const base = await selectBase(root, values.base || undefined);
      if (base.kind === 'none') {
        console.log(`No base to compare with (${base.reason}): nothing can break. (${elapsed()})`);
        return 0;
      }
      const bundle = await bundleAt(root, base.commit);
      if (bundle === undefined) {
        console.log(
          `The base ${base.description} has no ${BUNDLE}: nothing to compare with, passing. (${elapsed()})`,
        );
        return 0;
      }
      work = await mkdtemp(path.join(os.tmpdir(), 'breaking-base-'));
      baseFile = path.join(work, `openapi@${base.commit.slice(0, 7)}.json`);
      await writeFile(baseFile, bundle);
      baseLabel = base.description;
    }
    const revisionLabel = display(revisionFile);
    const oasdiff = await ensureOasdiff(root);
    console.log(`Breaking changes in ${revisionLabel} since ${baseLabel}:\n`);
    const result = await compareSpecs({
      oasdiff,
      baseFile,
      revisionFile,
      acceptances,
      acceptedFileLabel: acceptedLabel,
    });
    console.log(result.report);
    console.log(
      `\n${result.ok ? 'breaking-check passed' : 'breaking-check FAILED'} (${elapsed()})`,
    );
    return result.ok ? 0 : 1;
  } finally {
    if (work) await rm(work, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof AcceptanceFileError) {
    console.error(error.message);
    process.exitCode = 1;
  } else if (error instanceof BaseRefError || error instanceof OasdiffUnavailableError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 2;
  }
}
