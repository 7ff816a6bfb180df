// Turns the domain errors an operation documents into its problem responses. The kinds listed
// decide the statuses the result can carry, so the compiler rejects a handler that maps an
// error to a status its operation does not document.
import {
  ChangedError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../models/domain-errors.js';
import {
  changed,
  conflict,
  forbidden,
  notFound,
  validationFailed,
  type ProblemResponse,
} from '../http/problem-catalog.js';

interface StatusOf {
  notFound: 404;
  forbidden: 403;
  invalid: 422;
  conflict: 409;
  changed: 412;
}
type Kind = keyof StatusOf;

function problemFor(error: unknown, kinds: readonly Kind[]): ProblemResponse | undefined {
  if (error instanceof NotFoundError && kinds.includes('notFound')) return notFound(error.resource);
  if (error instanceof ForbiddenError && kinds.includes('forbidden')) {
    return forbidden(error.resource);
  }
  if (error instanceof ValidationError && kinds.includes('invalid')) {
    return validationFailed(error.errors);
  }
  if (error instanceof ConflictError && kinds.includes('conflict')) return conflict(error.fields);
  if (error instanceof ChangedError && kinds.includes('changed')) return changed(error.resource);
  return undefined;
}

export async function answering<T, K extends Kind>(
  kinds: readonly K[],
  work: () => Promise<T>,
): Promise<T | ProblemResponse<StatusOf[K]>> {
  try {
    return await work();
  } catch (error) {
    const problem = problemFor(error, kinds);
    if (problem) return problem as ProblemResponse<StatusOf[K]>;
    throw error;
  }
}
