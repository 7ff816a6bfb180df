// Contract coverage: which documented (operationId, status) pairs the suite exercised. Each
// Jest worker appends what it saw to one file; the gate after the run compares it with the
// spec and a reviewed allowlist.
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What the gate needs of an API's generated operation table (generated/operations.ts). */
export type OperationTable = Readonly<
  Record<string, { readonly operationId: string; readonly responses: object }>
>;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RECORDS_DIR = `${ROOT}.contract-coverage`;
export const ALLOWLIST_FILE = `${ROOT}tests/contract/coverage-allowlist.json`;

export interface AllowlistEntry {
  operationId: string;
  status: string;
  reason: string;
}

// One file per run (the id is set in global setup and inherited by the workers), so runs in
// the same checkout at the same time do not mix their records.
const recordsFile = () =>
  `${RECORDS_DIR}/exercised-${process.env.CONTRACT_RUN_ID ?? 'default'}.ndjson`;

export function startRun(): void {
  process.env.CONTRACT_RUN_ID = `${process.pid}-${Date.now()}`;
  mkdirSync(RECORDS_DIR, { recursive: true });
}

export function endRun(): void {
  rmSync(recordsFile(), { force: true });
}

export function recordExercised(operationId: string, status: number): void {
  // One short line per append: O_APPEND keeps concurrent workers' lines whole.
  appendFileSync(recordsFile(), `${JSON.stringify([operationId, status])}\n`);
}

export function readExercised(): Set<string> {
  let text = '';
  try {
    text = readFileSync(recordsFile(), 'utf8');
  } catch {
    return new Set();
  }
  return new Set(
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [operationId, status] = JSON.parse(line) as [string, number];
        return `${operationId} ${status}`;
      }),
  );
}

/** Every documented (operationId, status) pair, as "Id status" strings, in table order. */
export function documentedPairs(operations: OperationTable): string[] {
  return Object.values(operations).flatMap(({ operationId, responses }) =>
    Object.keys(responses).map((status) => `${operationId} ${status}`),
  );
}

export function readAllowlist(file = ALLOWLIST_FILE): AllowlistEntry[] {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as AllowlistEntry[];
  for (const entry of entries) {
    if (!entry.reason || entry.reason.trim().length < 10) {
      throw new Error(`Allowlist entry ${entry.operationId} ${entry.status} needs a reason`);
    }
  }
  return entries;
}

export interface CoverageReport {
  missing: string[];
  /** Allowlisted pairs the spec no longer documents or the suite now exercises. */
  staleAllowlist: string[];
  total: number;
  exercised: number;
}

export function coverageReport(
  operations: OperationTable,
  exercised: ReadonlySet<string>,
  allowlist: readonly AllowlistEntry[],
): CoverageReport {
  const documented = documentedPairs(operations);
  const allowed = new Set(allowlist.map((e) => `${e.operationId} ${e.status}`));
  const documentedSet = new Set(documented);
  // A status documented as a range or default is exercised by any status it covers.
  const covered = (pair: string) => {
    const [id, status] = pair.split(' ') as [string, string];
    if (/^\d{3}$/.test(status)) return exercised.has(pair);
    const prefix = status === 'default' ? '' : status[0];
    return [...exercised].some((seen) => seen.startsWith(`${id} ${prefix}`));
  };
  return {
    missing: documented.filter((pair) => !covered(pair) && !allowed.has(pair)),
    staleAllowlist: [...allowed].filter((pair) => !documentedSet.has(pair) || covered(pair)),
    total: documented.length,
    exercised: documented.filter(covered).length,
  };
}
