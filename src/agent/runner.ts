/**
 * Every command the agent runs goes through a runner, so a test (or a lab)
 * can point it at a network namespace or a private mount namespace.
 */
import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandRunner {
  run(cmd: string, args: readonly string[], opts?: { readonly timeoutMs?: number }): Promise<CommandResult>;
}

/** Runs commands on this machine; `prefix` (e.g. `['ip', 'netns', 'exec', 'ns1']`) is put in front. */
export function localRunner(prefix: readonly string[] = []): CommandRunner {
  return {
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
  };
}
