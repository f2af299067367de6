/**
 * `weft agent`: applies the running config on one node (see src/agent) and
 * reports its status. It runs until stopped, applying each new version; with
 * `--once` it applies the current one and exits (1 when that failed).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runAgent, runPass, type AgentContext } from '../agent/daemon.js';
import { DRIFT_INTERVAL_MS } from '../agent/drift-watch.js';
import { nodeHost } from '../agent/host.js';
import { frrPaths } from '../agent/node-plan.js';
import type { QuerySource } from '../agent/queries.js';
import { localRunner } from '../agent/runner.js';
import { ipamFileReservations, ipamStateReservations, type ReservationSource } from '../agent/reservations.js';
import type { IpamState } from '../ipam/ipam-state.js';
import { openIpamState } from '../ipam/open-state.js';
import { serverQueries, serverReservations, serverSource } from '../agent/server-source.js';
import type { AgentSource } from '../agent/source.js';
import { storeQueries, storeSource } from '../agent/store-source.js';
import { fileKeys, serverKeys, storeKeys, type KeySource } from '../agent/wireguard-keys.js';
import { parseFacts, type NodeFacts } from '../ir/facts.js';
import { checkFormat, nodeNameOf } from '../model/formats.js';
import type { NodeName } from '../model/values.js';
import { runningDocOf, type RunningDoc } from '../sdn/running-doc.js';
import { DirectoryStore } from '../store/directory.js';
import { openStore } from '../store/open.js';
import type { ConfigStore } from '../store/types.js';
import { clientOptions } from './credentials.js';
import { CliError, reportIssues } from './errors.js';
import { APPLY_OPTIONS, type ApplyFlags } from './apply-options.js';
import { readText } from './load-config.js';

export const AGENT_USAGE = `usage: weft agent --node NAME (--server URL[,URL…] | --data-dir DIR | --etcd URL[,URL…])
                  [--root DIR] [--once] [--no-reload] [--facts FILE] [--frr-instance NAME]
                  [--drift-interval SECONDS] [--token-file FILE] [--fingerprint SHA256 | --insecure]
Renders this node's files from the running config (WireGuard configs with the
node's private keys, mode 0600), writes the changed ones under --root (default
/), reloads ifupdown2, WireGuard (wg syncconf) and FRR (on a failed reload the
previous files are restored) and reports the node's status per zone and VNet.
Without --once it keeps running, applies every new running-config version and
answers the API's questions about the node's live state (bridges, FRR routes).
Config sources:
  --server URL    the API server (token: --token-file, WEFT_TOKEN_FILE or WEFT_TOKEN;
                  it needs SDN.Audit on /sdn and Sys.Modify on /nodes/NAME); several
                  servers of one etcd comma-separated: the agent moves to the next
                  when one cannot be reached (--fingerprint lists each one's, comma-separated)
  --data-dir DIR  the server's data directory on this machine; with --once also a
                  Proxmox-style directory holding .running-config (e.g. /etc/pve/sdn)
  --etcd URL      the cluster's etcd (comma-separated endpoints)
--frr-instance NAME  FRR runs as pathspace NAME (frrinit.sh start NAME): its files are
                  /etc/frr/NAME/frr.conf(.local) and frr-reload.py gets -N NAME
--drift-interval SECONDS  check this often that the node still matches what was applied
                  (files, VNet bridges and VXLAN devices, FRR, dnsmasq; default 60, 0: on
                  request only); findings go into the node status, POST /nodes/NAME/sdn/repair
                  re-applies`;

type Log = (line: string) => void;

export interface Opened {
  /** the running config now */
  readonly current: () => Promise<RunningDoc | null>;
  /** null for a Proxmox-style directory: no store to watch or report to */
  readonly source: AgentSource | null;
  /** the DHCP reservations, where this source has them (not from a Proxmox-style directory) */
  readonly reservations?: ReservationSource;
  /** this node's WireGuard private keys */
  readonly wireguardKeys: KeySource;
  /** the API's live-state queries to this node */
  readonly queries?: QuerySource;
}

const opened = (source: AgentSource, wireguardKeys: KeySource, queries: QuerySource, reservations?: ReservationSource): Opened => ({ current: () => source.current(), source, wireguardKeys, queries, ...(reservations ? { reservations } : {}) });

async function openSource(v: Record<string, string | boolean | undefined>, node: string, log: Log): Promise<Opened> {
  const chosen = (['server', 'data-dir', 'etcd'] as const).filter((k) => v[k] !== undefined);
  if (chosen.length !== 1) throw new CliError(`give exactly one config source (--server, --data-dir or --etcd)${chosen.length ? `, not ${chosen.map((c) => `--${c}`).join(' and ')}` : ''}\n${AGENT_USAGE}`);
  if (typeof v.server === 'string') {
    const flags = { server: v.server, ...(typeof v['token-file'] === 'string' ? { tokenFile: v['token-file'] } : {}), ...(typeof v.fingerprint === 'string' ? { fingerprint: v.fingerprint } : {}), insecure: v.insecure === true };
    const client = clientOptions(flags);
    return opened(serverSource(client, node, log), serverKeys(client, node), serverQueries(client, node, log), serverReservations(client, node, log));
  }
  if (typeof v.etcd === 'string') {
    const store = await openStore({ dataDir: '', etcd: v.etcd });
    return opened(storeSource(store, log), storeKeys(store, node), storeQueries(store, node, log), ipamStateReservations(await openIpamState(store, '')));
  }
  const dir = String(v['data-dir']);
  const file = join(dir, '.running-config');
  if (existsSync(file) && !existsSync(join(dir, 'sdn'))) {
    if (!v.once) throw new CliError(`'${dir}' holds a .running-config but no weft store (no sdn/ folder): it can only be applied with --once`);
    // the reference keeps the keys in /etc/pve/priv, beside /etc/pve/sdn
    return { current: async () => runningDocOf(readText(file, 'running config')), source: null, wireguardKeys: fileKeys(join(dir, '..', 'priv', 'wg-keys.cfg'), node) };
  }
  const store = new DirectoryStore(dir);
  return opened(storeSource(store, log), storeKeys(store, node), storeQueries(store, node, log), ipamFileReservations(dir));
}

/** How the agent of `node` works with these flags and sources; null when --facts is invalid (its issues are reported). */
export function agentContext(node: NodeName, flags: ApplyFlags, sources: Opened, log: Log): AgentContext | null {
  const facts = flags.facts ? readFactsFile(flags.facts, node) : undefined;
  if (facts === null) return null;
  const { source, reservations, wireguardKeys, queries } = sources;
  return {
    host: nodeHost(flags.root, localRunner()),
    node,
    ...(facts ? { facts } : {}),
    frr: frrPaths(flags['frr-instance']),
    driftIntervalMs: driftInterval(flags['drift-interval']),
    reload: !flags['no-reload'],
    log,
    reporter: source,
    memo: {},
    ...(reservations ? { reservations } : {}),
    wireguardKeys,
    ...(queries ? { queries } : {}),
  };
}

/**
 * The agent of the server's own node on the server's store (`weft server
 * --local-agent`): the store stays the server's to close; the reservations
 * are the server's IPAM's.
 */
export function storeAgentSources(store: ConfigStore, node: string, ipam: IpamState, log: Log): Opened {
  const source: AgentSource = { ...storeSource(store, log), close: async () => {} };
  const reservations = ipamStateReservations(ipam);
  // the IPAM stays the server's to close too
  return opened(source, storeKeys(store, node), storeQueries(store, node, log), { ...reservations, close() {} });
}

function driftInterval(flag: string | undefined): number {
  if (flag === undefined) return DRIFT_INTERVAL_MS;
  const seconds = Number(flag);
  if (!Number.isFinite(seconds) || seconds < 0) throw new CliError(`--drift-interval: expected seconds (0 or more), got '${flag}'`);
  return seconds * 1000;
}

function readFactsFile(file: string, node: NodeName): NodeFacts | null {
  const parsed = parseFacts(JSON.parse(readText(file, 'facts')), file);
  if (!parsed.facts) {
    reportIssues('agent', parsed.issues);
    return null;
  }
  if (parsed.facts.nodename !== node) throw new CliError(`${file} describes node '${parsed.facts.nodename}', not --node ${node}`);
  return parsed.facts;
}

export async function agentCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      node: { type: 'string' },
      server: { type: 'string' },
      'token-file': { type: 'string' },
      fingerprint: { type: 'string' },
      insecure: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      etcd: { type: 'string' },
      once: { type: 'boolean', default: false },
      ...APPLY_OPTIONS,
    },
    strict: true,
  });
  if (!values.node) throw new CliError(`--node NAME is required\n${AGENT_USAGE}`);
  // the name keys the node's reports and questions in the store
  const node = nodeNameOf(values.node);
  if (!node) throw new CliError(`--node: ${checkFormat('pve-node', values.node) ?? ''}`);
  const log: Log = (line) => process.stderr.write(`weft agent [${node}]: ${line}\n`);
  const sources = await openSource(values, node, log);
  const { current, source } = sources;
  try {
    const ctx = agentContext(node, values, sources, log);
    if (!ctx) return 1;
    if (values.once) {
      const doc = await current();
      if (!doc) throw new CliError(`no running config in ${source?.description ?? values['data-dir'] ?? 'the source'} yet: apply the SDN config first (PUT /cluster/sdn, or weft set /cluster/sdn)`, 1);
      return (await runPass(ctx, doc)).status.state === 'error' ? 1 : 0;
    }
    if (!source) throw new CliError('internal: a continuous agent needs a store or a server');
    const stop = new AbortController();
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort(new Error(`stopped by ${sig}`)));
    await runAgent(ctx, source, stop.signal);
    log('stopped');
    return 0;
  } finally {
    await source?.close();
  }
}
