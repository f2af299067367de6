/**
 * Whether the node still matches what the agent applied (its last good pass):
 * the rendered files as written, every VNet bridge and VXLAN device of the sdn
 * file present with its addresses, FRR running frr.conf (frr-reload.py's own
 * comparison, which normalises both as FRR reads them), and each DHCP zone's
 * dnsmasq running. Each finding names the service whose reload repairs it.
 */
import { parseInterfaces } from '../config/interfaces.js';
import { dnsmasqService, dnsmasqUnit } from '../dhcp/dnsmasq.js';
import { FRR, NETWORK, type NodeFile, type Service } from '../ir/node-file.js';
import { SDN_INTERFACES_PATH } from '../render/node-files.js';
import type { DriftItem } from '../sdn/node-status.js';
import { changedFiles } from './apply.js';
import type { NodeHost } from './host.js';
import { frrReloadArgs, type FrrPaths } from './node-plan.js';
import { FRR_RELOAD } from './reload.js';

export interface Drift extends DriftItem {
  /** what re-applies it; a changed file is written again whatever it feeds */
  readonly service: Service | null;
}

/** What the last good pass applied. */
export interface Applied {
  readonly files: readonly NodeFile[];
  /** the node's VNets (their bridges are checked) */
  readonly vnets: readonly string[];
  readonly needsFrr: boolean;
}

interface AddrInfo {
  readonly ifname?: string;
  readonly addr_info?: readonly { readonly local?: string; readonly prefixlen?: number }[];
}

function fileDrift(host: NodeHost, applied: Applied): Drift[] {
  return changedFiles(host, applied.files).map((f) => {
    const now = host.read(f.path);
    const message = f.content === null ? 'is back, the agent removed it' : now === null ? 'is gone' : 'differs from what the agent wrote';
    return { kind: 'file', item: f.path, message: `${f.path} ${message}`, service: null };
  });
}

/** VNet bridges and VXLAN devices of the written sdn file that the kernel lacks, or that lack an address of theirs. */
async function linkDrift(host: NodeHost, applied: Applied): Promise<Drift[]> {
  const sdn = applied.files.find((f) => f.path === SDN_INTERFACES_PATH)?.content;
  if (!sdn) return [];
  const vnets = new Set(applied.vnets);
  const wanted = [...parseInterfaces(sdn).ifaces.values()].filter((i) => vnets.has(i.name) || i.options.some(([k]) => k === 'vxlan-id'));
  if (wanted.length === 0) return [];
  const r = await host.runner.run('ip', ['-json', 'address', 'show']);
  if (r.code !== 0) return [{ kind: 'link', item: 'ip', message: `cannot read the node's links: ip exited ${r.code}`, service: null }];
  const links = new Map((JSON.parse(r.stdout) as AddrInfo[]).map((l) => [l.ifname, new Set((l.addr_info ?? []).map((a) => `${a.local ?? ''}/${a.prefixlen ?? ''}`))]));
  const out: Drift[] = [];
  for (const iface of wanted) {
    const have = links.get(iface.name);
    if (!have) {
      out.push({ kind: 'link', item: iface.name, message: `${iface.name} is missing`, service: NETWORK });
      continue;
    }
    for (const [key, value] of iface.options) {
      // ifupdown2 writes an address as given; the kernel lists it with its prefix length
      if (key === 'address' && !have.has(value)) out.push({ kind: 'address', item: `${iface.name} ${value}`, message: `${iface.name} lacks its address ${value}`, service: NETWORK });
    }
  }
  return out;
}

/**
 * Lines frr-reload.py lists but never changes (its own list of what cannot be
 * removed, which FRR also never shows as configured): an FRR whose version
 * differs from frr.conf's header would otherwise drift at every check.
 */
const UNCONFIGURABLE = ['agentx', 'frr version', 'frr defaults', 'username', 'password', 'line vty', 'service integrated-vtysh-config'];

/**
 * frr-reload.py --test: the changes it would make to the running config. Its
 * two lists do not tell additions from removals (some removals are listed as
 * `no …` lines to add), so the finding shows the lines themselves.
 */
async function frrDrift(host: NodeHost, frr: FrrPaths): Promise<Drift[]> {
  const r = await host.runSystem(FRR_RELOAD, frrReloadArgs(frr, '--test'));
  if (r.code !== 0) return [{ kind: 'frr', item: 'frr', message: `FRR's running config cannot be compared with ${frr.conf} (frr-reload.py --test exited ${r.code}): is FRR running?`, service: FRR }];
  const changes: string[] = [];
  let listing = false;
  for (const line of r.stdout.split('\n')) {
    if (line === 'Lines To Delete' || line === 'Lines To Add') listing = true;
    else if (listing && line.trim() && !/^=+$/.test(line) && !UNCONFIGURABLE.some((l) => line.startsWith(l))) changes.push(line.trim());
  }
  if (changes.length === 0) return [];
  const shown = changes.slice(0, 3).map((c) => `'${c}'`).join(', ');
  const more = changes.length > 3 ? ` and ${changes.length - 3} more` : '';
  return [{ kind: 'frr', item: 'frr', message: `FRR runs another config than ${frr.conf}: ${changes.length} line(s) to change (${shown}${more})`, service: FRR }];
}

/** The DHCP zones whose dnsmasq@<zone> is not active. */
async function dnsmasqDrift(host: NodeHost, applied: Applied): Promise<Drift[]> {
  const zones = [...new Set(applied.files.flatMap((f) => (f.content !== null && f.service.kind === 'dnsmasq' ? [f.service.zone] : [])))].sort();
  if (zones.length === 0) return [];
  const r = await host.runner.run('systemctl', ['is-active', ...zones.map(dnsmasqUnit)]);
  const states = r.stdout.split('\n');
  return zones.flatMap((zone, i) => {
    const state = states[i]?.trim() || 'unknown';
    return state === 'active' ? [] : [{ kind: 'dnsmasq' as const, item: zone, message: `${dnsmasqUnit(zone)} is ${state}`, service: dnsmasqService(zone) }];
  });
}

/** The node's drift from `applied`; the kernel, FRR and dnsmasq only when the agent reloads (else nothing of them is applied). */
export async function checkDrift(host: NodeHost, frr: FrrPaths, applied: Applied, reload: boolean): Promise<Drift[]> {
  const files = fileDrift(host, applied);
  if (!reload) return files;
  return [...files, ...(await linkDrift(host, applied)), ...(applied.needsFrr ? await frrDrift(host, frr) : []), ...(await dnsmasqDrift(host, applied))];
}
