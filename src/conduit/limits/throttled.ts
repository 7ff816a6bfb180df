// For warnings about an outage: a line per request would bury the log.

/** True at most once per `intervalMs`. */
export function throttled(intervalMs: number, now: () => number = Date.now): () => boolean {
  let last = -Infinity;
  return () => {
    const time = now();
    if (time - last < intervalMs) return false;
    last = time;
    return true;
  };
}
