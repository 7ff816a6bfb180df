// A bound on how long the service waits for work it cannot cancel (a database ping): past the
// deadline the caller is answered, and the work is left to finish or fail on its own.

export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

export function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`No answer within ${ms} ms`)), ms);
  });
  // The work may still fail after the deadline; that failure has no one left to tell.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
