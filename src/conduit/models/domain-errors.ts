// Domain errors every repository raises in place of driver errors, so services and handlers
// never see Prisma or Mongoose.

/** A unique value (email, username, ...) already belongs to another record. */
export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(readonly fields: readonly string[]) {
    super(`Already taken: ${fields.join(', ')}`);
  }
}

/** The record to change or read does not exist. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(readonly resource: string) {
    super(`${resource} not found`);
  }
}

/** Input breaks a rule shared by every backend; `errors` is keyed by field. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(readonly errors: Record<string, string[]>) {
    super(`Invalid: ${Object.keys(errors).join(', ')}`);
  }
}

/** The caller may not change this resource: it belongs to someone else. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
  constructor(readonly resource: string) {
    super(`${resource} belongs to someone else`);
  }
}

/** The caller asked to change the record only as it read it, and it has changed since. */
export class ChangedError extends Error {
  override name = 'ChangedError';
  constructor(readonly resource: string) {
    super(`${resource} changed since it was read`);
  }
}
