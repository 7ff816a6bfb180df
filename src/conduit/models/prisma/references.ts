// Translates foreign-key violations (Prisma P2003) into NotFoundError: inserting a row that
// points at a missing article or user means that article or user is gone.
import { NotFoundError } from '../domain-errors.js';

interface ForeignKeyError {
  code?: string;
  meta?: {
    field_name?: unknown;
    driverAdapterError?: { cause?: { constraint?: { index?: unknown; fields?: unknown } } };
  };
}

/** Maps a violated foreign key (constraint name, e.g. favorites_article_id_fkey) to a resource. */
export type ResourceOfKey = (constraint: string) => string;

/** NotFoundError for a P2003 error, naming what `resourceOf` makes of its constraint; else null. */
export function missingReference(error: unknown, resourceOf: ResourceOfKey): NotFoundError | null {
  const { code, meta } = (error ?? {}) as ForeignKeyError;
  if (code !== 'P2003') return null;
  const constraint = meta?.driverAdapterError?.cause?.constraint;
  const names = [constraint?.index, constraint?.fields, meta?.field_name]
    .flatMap((value) => (Array.isArray(value) ? value : [value]))
    .filter((value): value is string => typeof value === 'string');
  return new NotFoundError(resourceOf(names.join(' ')));
}

/** Runs `work`, turning foreign-key violations into NotFoundError. */
export async function referencing<T>(work: Promise<T>, resourceOf: ResourceOfKey): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw missingReference(error, resourceOf) ?? error;
  }
}
