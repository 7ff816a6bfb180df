// spec/accepted-breaking-changes.yaml: the reviewed list of breaking changes the team accepted.
// Each entry names one oasdiff rule id at one operation (optionally narrowed to the change's
// text), and says why and who approved it. Invalid entries fail the check.
import { readFile } from 'node:fs/promises';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

export interface Acceptance {
  /** oasdiff's rule id, e.g. `response-success-status-removed`. */
  id: string;
  /**
   * `METHOD /path` as oasdiff prints it, a section (`components`, `security`, `info`), or `*`
   * for every operation (one schema change is reported once per operation that uses it).
   */
  operation: string;
  /** Optional: a piece of the change's text; without it every `id` change at `operation` matches. */
  change?: string;
  reason: string;
  approvedBy: string;
  approvedOn: string;
  /** Where the entry is, for messages: `file:line, entry n`. */
  location: string;
}

/** One change as oasdiff's JSON output has it. */
export interface OasdiffChange {
  id: string;
  text: string;
  level: number;
  operation?: string;
  path?: string;
  section?: string;
  comment?: string;
  fingerprint?: string;
}

export class AcceptanceFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const KEYS = ['id', 'operation', 'change', 'reason', 'approvedBy', 'approvedOn'] as const;
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE', 'QUERY'];
const SECTIONS = ['components', 'security', 'info'];
const PLACEHOLDER = /^(todo|tbd|fixme|n\/a|none|-|\.+|\?+)$/i;

/** Reads and validates an acceptance file; a missing file is an empty list. */
export async function loadAcceptances(file: string, label = file): Promise<Acceptance[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return parseAcceptances(text, label);
}

export function parseAcceptances(text: string, label: string): Acceptance[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new AcceptanceFileError(
      label,
      doc.errors.map((error) => `line ${lines.linePos(error.pos[0]).line}: ${error.message}`),
    );
  }
  const root = doc.contents;
  if (root === null) return [];
  if (!isMap(root)) throw new AcceptanceFileError(label, ['expected a mapping with `accepted:`']);
  const problems: string[] = [];
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (key !== 'accepted') {
      problems.push(`unknown top-level key \`${key}\` (expected \`accepted\`)`);
    }
  }
  const list: unknown = root.get('accepted', true);
  if (list === undefined || (isScalar(list) && list.value === null)) {
    if (problems.length > 0) throw new AcceptanceFileError(label, problems);
    return [];
  }
  if (!isSeq(list)) {
    throw new AcceptanceFileError(label, [...problems, '`accepted` must be a list']);
  }

  const result: Acceptance[] = [];
  list.items.forEach((item, index) => {
    const offset = isNode(item) ? item.range?.[0] : undefined;
    const line = offset === undefined ? '' : `:${lines.linePos(offset).line}`;
    const where = `${label}${line}, entry ${index + 1}`;
    const raw: unknown = isNode(item) ? item.toJSON() : item;
    const entry = validateEntry(raw, where, problems);
    if (entry) result.push(entry);
  });
  if (problems.length > 0) throw new AcceptanceFileError(label, problems);
  return result;
}

function validateEntry(raw: unknown, where: string, problems: string[]): Acceptance | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(
      `${where}: expected a mapping with ${KEYS.map((key) => `\`${key}\``).join(', ')}`,
    );
    return undefined;
  }
  const fields = raw as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(fields)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      problems.push(`${where}: unknown key \`${key}\` (allowed: ${KEYS.join(', ')})`);
    }
  }
  const text = (key: string, required: boolean): string | undefined => {
    const value = fields[key];
    if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
      if (required) problems.push(`${where}: \`${key}\` is missing or empty`);
      return undefined;
    }
    if (typeof value !== 'string') {
      problems.push(`${where}: \`${key}\` must be a string`);
      return undefined;
    }
    return value.trim();
  };
  const id = text('id', true);
  if (id !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
    problems.push(
      `${where}: \`id\` must be an oasdiff rule id such as response-success-status-removed`,
    );
  }
  const operation = text('operation', true);
  const normalized = operation === undefined ? undefined : normalizeOperation(operation);
  if (operation !== undefined && normalized === undefined) {
    problems.push(
      `${where}: \`operation\` must be "METHOD /path" (e.g. "GET /api/articles/{slug}"), ` +
        `one of ${SECTIONS.join(', ')}, or * (every operation); got "${operation}"`,
    );
  }
  const change = text('change', false);
  const reason = text('reason', true);
  if (reason !== undefined && PLACEHOLDER.test(reason)) {
    problems.push(`${where}: \`reason\` must explain why the break is acceptable, not "${reason}"`);
  }
  const approvedBy = text('approvedBy', true);
  if (approvedBy !== undefined && PLACEHOLDER.test(approvedBy)) {
    problems.push(`${where}: \`approvedBy\` must name the approver, not "${approvedBy}"`);
  }
  const approvedOn = dateText(fields.approvedOn);
  if (approvedOn === undefined) {
    problems.push(`${where}: \`approvedOn\` must be the approval date as YYYY-MM-DD`);
  }
  if (problems.length > before) return undefined;
  return {
    id: id!,
    operation: normalized!,
    ...(change === undefined ? {} : { change }),
    reason: reason!,
    approvedBy: approvedBy!,
    approvedOn: approvedOn!,
    location: where,
  };
}

function dateText(value: unknown): string | undefined {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text)
    ? text
    : undefined;
}

/** `get  /a` -> `GET /a`; `Components` -> `components`; `*`; anything else -> undefined. */
export function normalizeOperation(operation: string): string | undefined {
  if (operation.trim() === '*') return '*';
  const parts = operation.trim().split(/\s+/);
  if (parts.length === 1 && SECTIONS.includes(parts[0]!.toLowerCase())) {
    return parts[0]!.toLowerCase();
  }
  if (parts.length !== 2) return undefined;
  const [method, route] = parts as [string, string];
  if (!METHODS.includes(method.toUpperCase()) || !route.startsWith('/')) return undefined;
  return `${method.toUpperCase()} ${route}`;
}

/** Where a change is, in the form entries use: `METHOD /path`, or its section. */
export function changeOperation(change: OasdiffChange): string {
  if (change.operation && change.path) return `${change.operation.toUpperCase()} ${change.path}`;
  return (change.section ?? 'components').toLowerCase();
}

export function matches(entry: Acceptance, change: OasdiffChange): boolean {
  return (
    entry.id === change.id &&
    (entry.operation === '*' || entry.operation === changeOperation(change)) &&
    (entry.change === undefined ||
      collapse(change.text).toLowerCase().includes(collapse(entry.change).toLowerCase()))
  );
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The line oasdiff's --err-ignore/--warn-ignore file needs to drop exactly this change: it
 * matches a line that contains "METHOD /path" (with the path as the first word starting with
 * `/`) and the change's text, or, outside paths, the section name and the text.
 */
export function ignoreLine(change: OasdiffChange): string {
  return `${changeOperation(change)} ${change.text}`.replace(/[\r\n]+/g, ' ');
}
