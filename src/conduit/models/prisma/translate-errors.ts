// Translates Prisma errors into domain errors. Prisma reports a unique violation as P2002 and,
// through driver adapters, names the violated columns or index in different places.
import { ConflictError, NotFoundError } from '../domain-errors.js';

interface PrismaLikeError {
  code?: string;
  meta?: {
    target?: unknown;
    modelName?: string;
    driverAdapterError?: { cause?: { constraint?: { fields?: unknown; index?: unknown } } };
  };
}

/** Maps a column or index name to the API field it guards: username_key -> username. */
export type FieldOfColumn = (column: string) => string | undefined;

export function translatePrismaError(
  error: unknown,
  resource: string,
  fieldOf: FieldOfColumn,
): unknown {
  const { code, meta } = (error ?? {}) as PrismaLikeError;
  if (code === 'P2025') return new NotFoundError(resource);
  if (code !== 'P2002') return error;
  const constraint = meta?.driverAdapterError?.cause?.constraint;
  const names = [meta?.target, constraint?.fields, constraint?.index]
    .flatMap((value) => (Array.isArray(value) ? value : [value]))
    .filter((value): value is string => typeof value === 'string');
  const fields = [...new Set(names.map(fieldOf).filter((f): f is string => f !== undefined))];
  return new ConflictError(fields.length > 0 ? fields : [resource]);
}

export async function translated<T>(
  work: Promise<T>,
  resource: string,
  fieldOf: FieldOfColumn,
): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw translatePrismaError(error, resource, fieldOf);
  }
}
