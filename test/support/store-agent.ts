/**
 * `weft agent`'s loop run in the test process on a store (as `weft agent
 * --data-dir` or `--etcd` runs it), writing its files under a temp root
 * without reloading; `failWrite` makes a node that cannot write a file
 * (a full disk, a read-only /etc) for the contents it matches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAgent } from '../../src/agent/daemon.js';
import { nodeHost } from '../../src/agent/host.js';
import { frrPaths } from '../../src/agent/node-plan.js';
import { localRunner } from '../../src/agent/runner.js';
import { storeSource } from '../../src/agent/store-source.js';
import type { ConfigStore } from '../../src/store/types.js';
import { nodeName } from './node-name.js';

export interface StoreAgent {
  readonly lines: string[];
  /** the node's `/etc/network/interfaces.d/sdn`, null before the first apply */
  sdnFile(): string | null;
  /** resolves once a log line matches `re` (the caller's test timeout bounds it) */
  waitForLine(re: RegExp): Promise<void>;
  stop(): Promise<void>;
}

export function startStoreAgent(store: ConfigStore, node: string, failWrite?: (content: string) => boolean): StoreAgent {
  const root = mkdtempSync(join(tmpdir(), `weft-agent-${node}-`));
  const base = nodeHost(root, localRunner());
  const host = failWrite
    ? {
        ...base,
        write(abs: string, content: string, mode?: number) {
          if (failWrite(content)) throw new Error(`EROFS: read-only file system, open '${abs}'`);
          base.write(abs, content, mode);
        },
      }
    : base;
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const log = (line: string) => {
    lines.push(line);
    for (const w of waiters) w();
  };
  const stop = new AbortController();
  // the store stays the caller's: the source's close is not called
  const source = storeSource(store, log);
  const name = nodeName(node);
  const running = runAgent({ host, node: name, facts: { nodename: name, routeSource: null, bridgePorts: {} }, frr: frrPaths(), reload: false, log, reporter: source }, source, stop.signal).catch((e: Error) => log(`agent stopped: ${e.message}`));
  return {
    lines,
    sdnFile: () => base.read('/etc/network/interfaces.d/sdn'),
    waitForLine: (re) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!lines.some((l) => re.test(l))) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    async stop() {
      stop.abort();
      await running;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
