// Translates MongoDB duplicate-key errors (code 11000) into ConflictError naming the API field
// the violated unique index guards. MongoDB puts the index's key pattern on the error; servers
// that leave it out (mongo-java-server) still name the key in the message, which is read then.
import { ConflictError } from '../domain-errors.js';

const DUPLICATE_KEY = 11000;

/** Index key -> the API field it keeps unique. */
const FIELD_OF_KEY: Readonly<Record<string, string>> = {
  email: 'email',
  usernameKey: 'username',
  slug: 'slug',
  tokenHash: 'tokenHash',
};

interface DuplicateKeyError {
  code?: unknown;
  keyPattern?: unknown;
  message?: unknown;
  errorResponse?: { keyPattern?: unknown };
  writeErrors?: readonly DuplicateKeyError[];
}

/** The first duplicate-key error in `error` (a write error or a bulk write's), if any. */
function duplicateKeyError(error: unknown): DuplicateKeyError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as DuplicateKeyError;
  if (candidate.code === DUPLICATE_KEY) return candidate;
  return candidate.writeErrors?.find((write) => write.code === DUPLICATE_KEY);
}

/** The keys of the violated unique index, or undefined when `error` is no duplicate-key error. */
export function duplicateKeys(error: unknown): string[] | undefined {
  const duplicate = duplicateKeyError(error);
  if (duplicate === undefined) return undefined;
  const pattern = duplicate.keyPattern ?? duplicate.errorResponse?.keyPattern;
  if (typeof pattern === 'object' && pattern !== null) return Object.keys(pattern);
  // "E11000 duplicate key error collection: db.users index: email_1 dup key: { email: "a@b" }"
  const message = typeof duplicate.message === 'string' ? duplicate.message : '';
  const keys = /dup key: \{(.*)\}/s.exec(message)?.[1] ?? '';
  return [...keys.matchAll(/(?:^|,)\s*"?([\w.$]+)"?\s*:/g)].map((match) => match[1]!);
}

/** Whether `error` is a duplicate `_id`: a taken id, never a user-facing conflict. */
export function isDuplicateId(error: unknown): boolean {
  return duplicateKeys(error)?.includes('_id') ?? false;
}

/**
 * A ConflictError for a duplicate email, username, slug or token hash; any other error,
 * including a duplicate `_id`, is returned unchanged.
 */
export function translateMongoError(error: unknown): unknown {
  const fields = (duplicateKeys(error) ?? [])
    .map((key) => FIELD_OF_KEY[key])
    .filter((field): field is string => field !== undefined);
  return fields.length > 0 ? new ConflictError([...new Set(fields)]) : error;
}

/** Runs `work`, turning duplicate-key errors on our unique indexes into ConflictError. */
export async function translated<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw translateMongoError(error);
  }
}
