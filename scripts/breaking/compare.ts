// The comparison core: two bundled OpenAPI documents in, a verdict and a readable report out.
// oasdiff finds the breaking changes; entries of the acceptance file turn into oasdiff ignore
// lines, so what oasdiff still reports (text format, --fail-on WARN) is what fails the check.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  type Acceptance,
  changeOperation,
  ignoreLine,
  matches,
  type OasdiffChange,
} from './acceptance.js';
import { run } from './oasdiff.js';

/**
 * This project's policy on top of oasdiff's default levels (`oasdiff checks changelog`).
 * A documented status is a promise here (the contract coverage gate proves each one happens),
 * and clients branch on error statuses: removing one means a client's handling of it silently
 * stops applying. oasdiff ranks that INFO; we rank it ERR.
 */
export const SEVERITY_OVERRIDES: Readonly<Record<string, 'err' | 'warn' | 'info' | 'none'>> = {
  'response-non-success-status-removed': 'err',
};

/**
 * WARN fails too: oasdiff uses it for changes it cannot prove harmless (a removed request
 * property or parameter, a changed pattern or media type) and for ERR-level changes it could
 * only compare approximately (inside allOf), so each needs a person to look and accept it.
 */
export const FAIL_ON = 'WARN';

const LEVELS: Record<number, string> = { 3: 'error', 2: 'warning', 1: 'info' };

export interface ClassifiedChange extends OasdiffChange {
  acceptedBy?: Acceptance;
}

export interface CompareOptions {
  oasdiff: string;
  baseFile: string;
  revisionFile: string;
  acceptances: readonly Acceptance[];
  /** How the report names the acceptance file. */
  acceptedFileLabel?: string;
}

export interface CompareResult {
  ok: boolean;
  /** Every ERR/WARN change oasdiff found, each with the entry that accepts it, if any. */
  changes: ClassifiedChange[];
  accepted: ClassifiedChange[];
  unaccepted: ClassifiedChange[];
  /** Entries that match no change of this comparison (already on the base, or mistyped). */
  unusedAcceptances: Acceptance[];
  report: string;
}

export async function compareSpecs(options: CompareOptions): Promise<CompareResult> {
  const label = options.acceptedFileLabel ?? 'the acceptance file';
  // oasdiff reads .oasdiff.* from its working directory and OASDIFF_CONFIG: run it where there
  // is none, so only the flags below decide.
  const work = await mkdtemp(path.join(os.tmpdir(), 'breaking-changes-'));
  try {
    const levels = path.join(work, 'severity-levels.txt');
    await writeFile(
      levels,
      Object.entries(SEVERITY_OVERRIDES)
        .map(([id, level]) => `${id} ${level}\n`)
        .join(''),
    );
    const common = [
      path.resolve(options.baseFile),
      path.resolve(options.revisionFile),
      '--severity-levels',
      levels,
    ];
    const oasdiff = (args: string[]) =>
      run(options.oasdiff, ['breaking', ...common, ...args], { cwd: work, env: oasdiffEnv() });

    const all = await oasdiff(['--format', 'json']);
    if (all.code !== 0) throw oasdiffError(all.stderr || all.stdout);
    const changes: ClassifiedChange[] = (JSON.parse(all.stdout) as OasdiffChange[]).map(
      (change) => {
        const entry = options.acceptances.find((candidate) => matches(candidate, change));
        return entry ? { ...change, acceptedBy: entry } : change;
      },
    );
    const accepted = changes.filter((change) => change.acceptedBy);
    const unaccepted = changes.filter((change) => !change.acceptedBy);
    const unusedAcceptances = options.acceptances.filter(
      (entry) => !changes.some((change) => change.acceptedBy === entry),
    );

    const ignore = path.join(work, 'accepted.txt');
    await writeFile(ignore, accepted.map((change) => `${ignoreLine(change)}\n`).join(''));
    const ignores = ['--err-ignore', ignore, '--warn-ignore', ignore];
    const text = await oasdiff([
      '--format',
      'text',
      '--color',
      'never',
      ...ignores,
      '--fail-on',
      FAIL_ON,
    ]);
    if (text.code !== 0 && text.code !== 1) throw oasdiffError(text.stderr || text.stdout);
    // oasdiff's ignore lines match by substring, so one could in principle hide a change we did
    // not accept: list any such change ourselves instead of trusting the exit code alone.
    const left = await oasdiff(['--format', 'json', ...ignores]);
    if (left.code !== 0) throw oasdiffError(left.stderr || left.stdout);
    const shown = new Set((JSON.parse(left.stdout) as OasdiffChange[]).map(key));
    const hidden = unaccepted.filter((change) => !shown.has(key(change)));

    const ok = unaccepted.length === 0 && text.code === 0;
    const report = formatReport({
      changes,
      accepted,
      unaccepted,
      unusedAcceptances,
      hidden,
      oasdiffText: text.stdout,
      label,
      ok,
    });
    return { ok, changes, accepted, unaccepted, unusedAcceptances, report };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function oasdiffEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OASDIFF_CONFIG;
  return env;
}

function oasdiffError(output: string): Error {
  return new Error(`oasdiff failed:\n${output.trimEnd()}`);
}

function key(change: OasdiffChange): string {
  return `${change.fingerprint ?? ''}\u0000${change.id}\u0000${changeOperation(change)}\u0000${change.text}`;
}

export function levelName(level: number): string {
  return LEVELS[level] ?? `level ${level}`;
}

interface ReportParts {
  changes: ClassifiedChange[];
  accepted: ClassifiedChange[];
  unaccepted: ClassifiedChange[];
  unusedAcceptances: Acceptance[];
  hidden: ClassifiedChange[];
  oasdiffText: string;
  label: string;
  ok: boolean;
}

function formatReport(parts: ReportParts): string {
  const out: string[] = [];
  const count = (list: ClassifiedChange[], level: number) =>
    list.filter((change) => change.level === level).length;
  if (parts.changes.length === 0) {
    out.push('No breaking changes.');
  } else {
    out.push(
      `${plural(parts.changes.length, 'breaking change')} ` +
        `(${plural(count(parts.changes, 3), 'error')}, ${plural(count(parts.changes, 2), 'warning')}): ` +
        `${parts.accepted.length} accepted, ${parts.unaccepted.length} not accepted.`,
    );
  }
  if (parts.unaccepted.length > 0) {
    out.push('', 'Not accepted, by rule:');
    for (const [id, group] of groupBy(parts.unaccepted, (change) => change.id)) {
      const operations = [...new Set(group.map(changeOperation))];
      const where = operations.length === 1 ? operations[0] : `${operations.length} operations`;
      out.push(`  ${String(group.length).padStart(4)} x ${id} (${where})`);
    }
  }
  if (!parts.ok) {
    out.push('', `NOT ACCEPTED (oasdiff breaking --fail-on ${FAIL_ON}):`, '');
    out.push(parts.oasdiffText.trimEnd());
    for (const change of parts.hidden) {
      out.push(
        `${levelName(change.level)}\t[${change.id}] (matched by another change's ignore line, still not accepted)`,
        `\tin ${changeOperation(change)}`,
        `\t\t${change.text}`,
      );
    }
  }
  if (parts.accepted.length > 0) {
    out.push('', `ACCEPTED in ${parts.label}:`);
    for (const [entry, group] of groupBy(parts.accepted, (change) => change.acceptedBy!)) {
      const scope = entry.change === undefined ? '' : ` matching "${entry.change}"`;
      out.push(
        '',
        `[${entry.id}] at ${entry.operation}${scope}: ${plural(group.length, 'change')}`,
      );
      for (const change of group) {
        out.push(
          `  accepted ${levelName(change.level)}: ${changeOperation(change)}: ${change.text}`,
        );
      }
      out.push(
        `  reason: ${entry.reason}`,
        `  approved by ${entry.approvedBy} on ${entry.approvedOn} (${entry.location})`,
      );
    }
  }
  if (parts.unusedAcceptances.length > 0) {
    out.push(
      '',
      `Note: ${plural(parts.unusedAcceptances.length, 'entry', 'entries')} in ${parts.label} ` +
        `${parts.unusedAcceptances.length === 1 ? 'matches' : 'match'} no change in this ` +
        'comparison (already on the base, or not what oasdiff reports; check id and operation):',
    );
    for (const entry of parts.unusedAcceptances) {
      out.push(`  - ${entry.id} ${entry.operation} (${entry.location})`);
    }
  }
  if (!parts.ok) {
    out.push(
      '',
      'These changes break clients written against the base. Prefer a compatible change (add, do',
      'not remove or tighten; deprecate first). If the break is intended, get it reviewed and add',
      `entries to ${parts.label} (under \`accepted:\`), filling in reason and approvedBy:`,
      '',
      stringify({ accepted: suggestEntries(parts.unaccepted) }, { lineWidth: 0 })
        .trimEnd()
        .split('\n')
        .slice(1)
        .join('\n'),
    );
  }
  return out.join('\n');
}

/**
 * Entries that would accept `changes`, one per rule and kind of change: changes whose texts
 * differ only in backticked numbers (the status) share an entry, narrowed by the texts' common
 * beginning, and at `*` when they are at several operations (one schema change reported at
 * every operation that returns it).
 */
export function suggestEntries(changes: readonly OasdiffChange[]): Record<string, string>[] {
  const today = new Date().toISOString().slice(0, 10);
  const groups = groupBy(
    changes,
    (change) => `${change.id}\u0000${change.text.replace(/`\d+`/g, '`#`')}`,
  );
  return [...groups.values()].map((group) => {
    const operations = new Set(group.map(changeOperation));
    const change = commonBeginning(group.map((item) => item.text));
    return {
      id: group[0]!.id,
      operation: operations.size === 1 ? [...operations][0]! : '*',
      ...(change ? { change } : {}),
      reason: '',
      approvedBy: '',
      approvedOn: today,
    };
  });
}

/** The texts' common beginning, cut back to a whole word when they differ; the text if one. */
function commonBeginning(texts: readonly string[]): string {
  let prefix = texts[0] ?? '';
  for (const text of texts.slice(1)) {
    let length = 0;
    while (length < prefix.length && prefix[length] === text[length]) length += 1;
    prefix = prefix.slice(0, length);
  }
  if (texts.every((text) => text === prefix)) return prefix;
  const cut = prefix.lastIndexOf(' ');
  return (cut === -1 ? '' : prefix.slice(0, cut)).trim();
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function plural(count: number, singular: string, many = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : many}`;
}
