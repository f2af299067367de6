/**
 * A lock between processes on one host: a lock file created with O_EXCL that
 * holds the owner's pid. A lock whose owner process is gone is taken over
 * (the owner crashed). Waiters poll with a short backoff until a deadline.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';

const held = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // a process that exits while holding locks leaves no lock files behind
  process.on('exit', () => {
    for (const path of held) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  });
}

/** An owner that created the file but never wrote its pid is given this long before it counts as dead. */
const EMPTY_LOCK_GRACE_MS = 5_000;

function ownerAlive(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    return true; // vanished or unreadable: retry rather than steal
  }
  // the owner creates the file, then writes its pid: an empty file is a lock being taken, not a dead one
  if (text === '') {
    try {
      return Date.now() - statSync(path).mtimeMs < EMPTY_LOCK_GRACE_MS;
    } catch {
      return true;
    }
  }
  const pid = Number(text);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

export class LockTimeoutError extends Error {
  constructor(path: string, ms: number) {
    super(`could not lock '${path}' within ${ms} ms (held by another process)`);
    this.name = 'LockTimeoutError';
  }
}

/** Takes the lock file `path`, waiting up to `timeoutMs`. */
export async function acquireFileLock(path: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  for (;;) {
    if (tryCreate(path)) {
      installExitHook();
      held.add(path);
      return;
    }
    if (!ownerAlive(path)) {
      // the owner died holding it; remove and race for it again
      try {
        unlinkSync(path);
      } catch {
        // another waiter removed it first
      }
      continue;
    }
    if (Date.now() >= deadline) throw new LockTimeoutError(path, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 25);
  }
}

export function releaseFileLock(path: string): void {
  if (!held.delete(path)) return;
  try {
    unlinkSync(path);
  } catch {
    // removed by an operator: nothing to release
  }
}
