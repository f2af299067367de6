/**
 * A filesystem read that finds nothing instead of failing when the entry is
 * gone: another process (an agent, the server) may remove a file between
 * listing and reading it, and a missing file is often just "none yet".
 */
export function unlessGone<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
