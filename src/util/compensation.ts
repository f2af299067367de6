/**
 * A revert stack for changes that span several external calls (an IPAM and a
 * DNS server, or several requests to one IPAM): each step that succeeded
 * registers its undo; when a later step fails the undos run newest first, so
 * nothing is left behind. Undos that fail themselves are reported by name as
 * orphans in the error, rather than hidden.
 */
export class PartialFailureError extends Error {
  override readonly cause: unknown;
  /** steps that could not be undone: what is left behind */
  readonly orphans: readonly string[];
  constructor(cause: unknown, orphans: readonly string[]) {
    const base = cause instanceof Error ? cause.message : String(cause);
    super(orphans.length === 0 ? base : `${base} (could not undo: ${orphans.join('; ')})`);
    this.name = 'PartialFailureError';
    this.cause = cause;
    this.orphans = orphans;
  }
}

interface Undo {
  readonly what: string;
  readonly run: () => Promise<unknown>;
}

export class Compensation {
  private readonly undos: Undo[] = [];

  /** Runs `action`; once it succeeded, `undo(result)` is what reverts it. */
  async step<T>(what: string, action: () => Promise<T>, undo: (result: T) => Promise<unknown>): Promise<T> {
    const result = await action();
    this.undos.push({ what, run: () => undo(result) });
    return result;
  }

  /** Registers an undo for a change already made. */
  done(what: string, undo: () => Promise<unknown>): void {
    this.undos.push({ what, run: undo });
  }

  /** Reverts every registered step, newest first; returns the ones that failed. */
  async revert(): Promise<string[]> {
    const orphans: string[] = [];
    while (this.undos.length > 0) {
      const u = this.undos.pop() as Undo;
      try {
        await u.run();
      } catch (e) {
        orphans.push(`${u.what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return orphans;
  }
}

/**
 * Runs `fn` with a fresh revert stack; when it throws, everything it did is
 * reverted and the error is rethrown (wrapped only when something could not
 * be undone, so callers still see the original error type otherwise).
 */
export async function withCompensation<T>(fn: (c: Compensation) => Promise<T>): Promise<T> {
  const c = new Compensation();
  try {
    return await fn(c);
  } catch (e) {
    const orphans = await c.revert();
    if (orphans.length > 0) throw new PartialFailureError(e, orphans);
    throw e;
  }
}
