/**
 * `weft agent` processes running continuously, as on real nodes: each one
 * started as a child (inside a lab namespace when given one), its log kept
 * for assertions, and every one stopped by its pid, also after a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { WEFT_BIN } from './paths.js';

interface Running {
  readonly child: ChildProcess;
  log: string;
  exited: boolean;
}

export class Agents {
  private readonly running = new Map<string, Running>();

  /** `weft agent --node <node> …args`, in network namespace `ns` when given. */
  start(node: string, args: readonly string[], ns?: string): void {
    const argv = [WEFT_BIN, 'agent', '--node', node, ...args];
    const child = ns ? spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const entry: Running = { child, log: '', exited: false };
    child.stdout?.on('data', (d: Buffer) => (entry.log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (entry.log += d.toString()));
    child.once('exit', () => (entry.exited = true));
    this.running.set(node, entry);
  }

  log(node: string): string {
    return this.running.get(node)?.log ?? '';
  }

  /** All logs, for a failure message. */
  logs(): string {
    return [...this.running].map(([node, r]) => `--- agent ${node}${r.exited ? ' (exited)' : ''}:\n${r.log}`).join('\n');
  }

  /** Waits until `node`'s log matches `re`; false after `seconds`. */
  async waitForLog(node: string, re: RegExp, seconds = 30): Promise<boolean> {
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      if (re.test(this.log(node))) return true;
      if (this.running.get(node)?.exited) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return re.test(this.log(node));
  }

  /** SIGTERM (the agent finishes its pass and exits), SIGKILL after 10 s. */
  async stop(node: string): Promise<void> {
    const r = this.running.get(node);
    if (!r) return;
    this.running.delete(node);
    if (r.exited) return;
    const gone = new Promise((resolve) => r.child.once('exit', resolve));
    r.child.kill('SIGTERM');
    const timer = setTimeout(() => r.child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((n) => this.stop(n)));
  }
}
