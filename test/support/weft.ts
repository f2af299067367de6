/** Runs `bin/weft` as a user would, in a child process. */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEFT_BIN } from './paths.js';

export interface WeftRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function weft(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): WeftRun {
  const r = spawnSync(WEFT_BIN, [...args], { encoding: 'utf8', cwd: opts.cwd, env: opts.env ?? process.env, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr + (r.error ? String(r.error) : '') };
}

/** `weft` without blocking the event loop: for a command that talks to a server in this process. */
export function weftAsync(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<WeftRun> {
  return new Promise((resolve) => {
    execFile(WEFT_BIN, [...args], { encoding: 'utf8', cwd: opts.cwd, env: opts.env ?? process.env, timeout: 60_000 }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ status, stdout, stderr: stderr + (error && status === null ? String(error) : '') });
    });
  });
}

/** A temp directory removed after `fn`, even when it throws. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'weft-test-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `withTempDir` for async work: removes the directory after the promise settles. */
export async function withTempDirAsync<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-test-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
