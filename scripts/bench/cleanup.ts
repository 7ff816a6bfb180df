// Everything a run starts (servers, databases, folders) is registered here as it starts and
// undone in reverse order however the run ends: normally, on an error, on Ctrl-C or SIGTERM,
// or when the run overstays its time limit.

interface Action {
  name: string;
  undo: () => Promise<void>;
  /** Set once the undo has started: everyone waiting for it waits for the same run. */
  running?: Promise<void>;
}

export class Cleanup {
  private readonly actions = new Map<number, Action>();
  private nextId = 0;
  private all: Promise<void> | undefined;
  /** Why the run is being stopped early (a signal, the time limit), once it is. */
  stopping: string | undefined;

  private run(id: number): Promise<void> {
    const action = this.actions.get(id);
    if (!action) return Promise.resolve();
    action.running ??= action.undo().finally(() => this.actions.delete(id));
    return action.running;
  }

  /**
   * Registers `undo`; the function returned runs it now (once) and forgets it. Once the
   * clean-up has begun, whatever is still being started is undone at once, and add() throws.
   */
  add(name: string, undo: () => Promise<void>): () => Promise<void> {
    const id = this.nextId++;
    this.actions.set(id, { name, undo });
    if (this.all !== undefined) {
      void this.run(id);
      throw new Error(`stopping: ${name} undone as it started`);
    }
    return () => this.run(id);
  }

  /** Undoes everything still registered, newest first; a failure is reported, not thrown. */
  runAll(): Promise<void> {
    this.all ??= (async () => {
      for (const id of [...this.actions.keys()].reverse()) {
        const name = this.actions.get(id)?.name;
        await this.run(id).catch((error: unknown) => {
          console.error(`clean-up of ${name} failed: ${(error as Error).message ?? error}`);
        });
      }
    })();
    return this.all;
  }
}

const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/** On SIGINT, SIGTERM or SIGHUP, or after `limitMs`: clean up, then exit. */
export function stopOnSignalsAndTimeout(cleanup: Cleanup, limitMs: number): () => void {
  const stop = (why: string, code: number) => {
    // A second Ctrl-C while cleaning up must not cut the clean-up short.
    if (cleanup.stopping !== undefined) return;
    cleanup.stopping = why;
    console.error(`\n${why}: stopping every server this run started...`);
    void cleanup.runAll().finally(() => process.exit(code));
  };
  const signals = Object.keys(SIGNAL_NUMBERS) as (keyof typeof SIGNAL_NUMBERS)[];
  const handlers = signals.map((signal) => {
    const handler = () => stop(signal, 128 + SIGNAL_NUMBERS[signal]);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const minutes = Math.round(limitMs / 60_000);
  const timer = setTimeout(() => stop(`time limit of ${minutes} min reached`, 1), limitMs);
  return () => {
    clearTimeout(timer);
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
