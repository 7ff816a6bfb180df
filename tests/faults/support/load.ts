// A steady load on the real service while a fault happens: a few clients, each sending its next
// request as soon as the last one is answered, every answer (or connection error) recorded with
// when it came and how long it took. Loopback only, and bounded by the caller's stop().
export interface Sent {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  token?: string;
}

export interface Outcome {
  sent: Sent;
  /** The HTTP status, or the connection error's code (ECONNRESET, ...). */
  status: number | string;
  body: unknown;
  /** Whether the server said it closes the connection after this answer. */
  closing: boolean;
  startedAt: number;
  ms: number;
}

export interface Load {
  outcomes: Outcome[];
  /** Stops sending and waits for the answers still due. */
  stop(): Promise<Outcome[]>;
}

export async function send(base: string, sent: Sent): Promise<Outcome> {
  const startedAt = Date.now();
  try {
    const res = await fetch(`${base}${sent.path}`, {
      method: sent.method,
      headers: {
        ...(sent.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(sent.token ? { Authorization: `Token ${sent.token}` } : {}),
      },
      ...(sent.body === undefined ? {} : { body: JSON.stringify(sent.body) }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    const closing = res.headers.get('connection') === 'close';
    return { sent, status: res.status, body, closing, startedAt, ms: Date.now() - startedAt };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const status = cause?.code ?? (error as Error).name;
    return { sent, status, body: undefined, closing: true, startedAt, ms: Date.now() - startedAt };
  }
}

export interface LoadOptions {
  /**
   * A client stops after an answer this returns true for, as a load balancer stops sending to
   * an instance that says it is going away (`Connection: close` during a drain).
   */
  until?: (outcome: Outcome) => boolean;
}

export function startLoad(
  base: string,
  clients: number,
  next: (n: number) => Sent,
  options: LoadOptions = {},
): Load {
  const outcomes: Outcome[] = [];
  let running = true;
  let count = 0;
  const workers = Array.from({ length: clients }, async () => {
    while (running) {
      const outcome = await send(base, next(count++));
      outcomes.push(outcome);
      if (options.until?.(outcome)) return;
    }
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(workers);
      return outcomes;
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` passes or `ms` have gone by; returns whether it passed. */
export async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(100);
  }
  return check();
}
