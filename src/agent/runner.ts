/**
 * Every command the agent runs goes through a runner, so a test (or a lab)
 * can point it at a network namespace or a private mount namespace.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandRunner {
  run(cmd: string, args: readonly string[], opts?: { readonly timeoutMs?: number }): Promise<CommandResult>;
  /**
   * Runs a long-lived command (`ip monitor link`) and hands each line of its
   * output to `onLine` until `signal` aborts or it exits; resolves then. A
   * runner without it cannot follow events (a test's recording runner).
   */
  stream?(cmd: string, args: readonly string[], onLine: (line: string) => void, signal: AbortSignal): Promise<void>;
  /**
   * Reads a file (a /proc or /sys value) as the runner's commands would, without
   * running one (each command forks the agent); null when it cannot be read.
   * Absent when the commands see another network namespace than the agent's
   * (a prefix): such a value is read through a command.
   */
  readFile?(path: string): string | null;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Runs commands on this machine; `prefix` (e.g. `['ip', 'netns', 'exec', 'ns1']`) is put in front. */
export function localRunner(prefix: readonly string[] = []): CommandRunner {
  return {
    ...(prefix.length === 0 ? { readFile: readOrNull } : {}),
    run(cmd, args, opts = {}) {
      const argv = [...prefix, cmd, ...args];
      return new Promise((resolve) => {
        const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], timeout: opts.timeoutMs ?? 120_000 });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', (e) => resolve({ code: 127, stdout, stderr: `${stderr}${e.message}` }));
        child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr: signal ? `${stderr}killed by ${signal}` : stderr }));
      });
    },
    stream(cmd, args, onLine, signal) {
      const argv = [...prefix, cmd, ...args];
      return new Promise((resolve) => {
        if (signal.aborted) return resolve();
        const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'ignore'], signal });
        let rest = '';
        child.stdout.on('data', (d: Buffer) => {
          const lines = (rest + d.toString()).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) onLine(line);
        });
        // an abort ends it with an AbortError: that is the normal end
        child.on('error', () => resolve());
        child.on('close', () => resolve());
      });
    },
  };
}
