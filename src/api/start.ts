/**
 * Starts a server: opens the store, creates root@pam on first start, loads
 * or creates the TLS certificate, listens. Used by `weft server` and tests.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { bootstrapAccess } from '../auth/bootstrap.js';
import { ipamDbPath } from '../ipam/paths.js';
import { checkFormat, nodeNameOf } from '../model/formats.js';
import type { NodeName } from '../model/values.js';
import type { IpamState } from '../ipam/ipam-state.js';
import { openIpamState } from '../ipam/open-state.js';
import { PveIpam } from '../ipam/pve.js';
import { recoverSubnetIntents } from '../ipam/subnet-intents.js';
import { claimNode, type NodeClaim } from '../store/node-claim.js';
import { besideStore, openStore } from '../store/open.js';
import type { ConfigStore } from '../store/types.js';
import { TaskManager } from '../tasks/tasks.js';
import { REPO_VERSION } from '../util/version.js';
import { readConfirm } from '../sdn/confirm-record.js';
import type { Services } from './route.js';
import { buildApp } from './server.js';
import { loadTls, type TlsIdentity } from './tls.js';

export interface StartOptions {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly etcd?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly nodename?: string;
  readonly authFailureDelayMs?: number;
  /** plain HTTP (tests only) */
  readonly insecureHttp?: boolean;
  /** how long an apply's task waits for the node agents */
  readonly agentTimeoutMs?: number;
  /** how many apply revisions to keep (default 50) */
  readonly keepRevisions?: number;
  /** on etcd: seconds a killed server's node name stays held (default 10) */
  readonly leaseTtlSeconds?: number;
  /** what the server does on its own later (another server died: its edits taken back, its tasks ended) */
  readonly log?: (line: string) => void;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** this server's node (`--node`, else the host name) */
  readonly nodename: NodeName;
  readonly store: ConfigStore;
  readonly tasks: TaskManager;
  /** the built-in IPAM's state */
  readonly ipam: IpamState;
  readonly url: string;
  readonly tls: TlsIdentity | null;
  readonly rootPasswordFile: string | null;
  /** what the start did to the IPAM: a data directory's IPAM file moved into etcd (ipam/import-local.ts), subnet edits a previous run left half done taken back (ipam/subnet-intents.ts) */
  readonly recovered: readonly string[];
  close(): Promise<void>;
}

export { ipamDbPath };

/** the apply task's module (with the SDN workflow under it), loaded only when a start has a task to take over or resume */
const applyTasks = async () => import('./routes/apply-task.js');

/** The server's node name (`--node`, else the short host name), refused when it is not one: it names the node's keys in the store. */
function serverNodeName(given: string | undefined): NodeName {
  const name = given ?? hostname().split('.')[0] ?? 'localhost';
  const node = nodeNameOf(name);
  if (node) return node;
  const why = checkFormat('pve-node', name) ?? '';
  throw new Error(given !== undefined ? `--node: ${why}` : `the host name is no node name (${why}): give one with --node NAME`);
}

export async function startServer(o: StartOptions): Promise<RunningServer> {
  const nodename = serverNodeName(o.nodename);
  const store = await openStore({ dataDir: o.dataDir, ...(o.etcd ? { etcd: o.etcd } : {}), exclusive: !o.etcd, ...(o.log ? { log: o.log } : {}) });
  let claim: NodeClaim | null = null;
  try {
    const log = o.log ?? (() => {});
    // first: a second server under a live server's name must not touch anything
    claim = await claimNode(store, nodename, { ...(o.leaseTtlSeconds !== undefined ? { ttlSeconds: o.leaseTtlSeconds } : {}), log });
    const live = await claim.live();
    const boot = await bootstrapAccess(store, o.dataDir);
    const tls = o.insecureHttp ? null : await loadTls(o.dataDir, o.cert, o.key);
    const board = await besideStore(store, 'tasks');
    // the etcd task board loads with the etcd store, not on a server of the directory store
    const tasks = new TaskManager(join(o.dataDir, 'local', 'tasks'), nodename, board ? (await import('../tasks/task-board.js')).etcdTaskBoard(board) : null);
    const imported: string[] = [];
    const ipamStore = await openIpamState(store, o.dataDir, (line) => imported.push(line));
    const ipam = { pve: new PveIpam(ipamStore) };
    // before any request: a subnet edit killed between its IPAM and config writes is taken back
    const recovered = await recoverSubnetIntents(store, ipam, { node: nodename, take: (owner) => owner === undefined || owner === nodename || !live.has(owner) });
    const services: Services = {
      store,
      tasks,
      nodename,
      version: REPO_VERSION,
      ipam,
      ...(o.agentTimeoutMs !== undefined ? { agentTimeoutMs: o.agentTimeoutMs } : {}),
      ...(o.keepRevisions !== undefined ? { keepRevisions: o.keepRevisions } : {}),
    };
    const closing = new AbortController();
    // a server that dies mid-edit or mid-apply leaves its intents and tasks to the others
    const afterDeath = (gone: string): void => {
      if (gone === nodename) return;
      void recoverSubnetIntents(store, ipam, { node: nodename, take: (owner) => owner === gone })
        .then(async (lines) => [...lines, ...(await (await applyTasks()).takeOverTasksOf(services, gone, closing.signal))].forEach(log))
        .catch((e: Error) => log(`ending the work of server ${gone}, which is gone: ${e.message}`));
    };
    const stopWatching = claim.onGone(afterDeath);
    // servers that died while none was left to notice
    for (const node of new Set((await tasks.listAll()).filter((t) => t.status === 'running' && !live.has(t.node)).map((t) => t.node))) afterDeath(node);
    const app = await buildApp({
      services,
      ...(o.authFailureDelayMs !== undefined ? { authFailureDelayMs: o.authFailureDelayMs } : {}),
      ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
    });
    await app.listen({ host: o.host, port: o.port });
    // an apply that waited for confirmation when the last server stopped: its window goes on here
    const pending = readConfirm((await store.read()).docs);
    // unless a live server's task already follows it (several servers on one etcd)
    const followed = async (version: number) => (await Promise.all([...live.keys()].filter((n) => n !== nodename).map((n) => tasks.runningOf(n)))).flat().some((t) => t.resume?.confirmVersion === version);
    if (pending && !(await followed(pending.version))) await (await applyTasks()).startConfirmTask(services, pending, pending.user, closing.signal, `resuming after a server start: version ${pending.version} waits for confirmation`);
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : o.port;
    const shownHost = o.host === '0.0.0.0' || o.host === '::' ? nodename : o.host;
    const url = `${tls ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
    await claim.announce(url);
    const held = claim;
    return {
      app,
      nodename,
      store,
      tasks,
      ipam: ipamStore,
      url,
      tls,
      rootPasswordFile: boot.passwordFile,
      recovered: [...imported, ...recovered],
      async close() {
        closing.abort();
        stopWatching();
        await tasks.flush();
        await app.close();
        await ipamStore.close();
        await held.release();
        await store.close();
      },
    };
  } catch (e) {
    await claim?.release();
    await store.close();
    throw e;
  }
}

export function readRootPassword(dataDir: string): string {
  return readFileSync(join(dataDir, 'priv', 'root-password'), 'utf8').trim();
}
