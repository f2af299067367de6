/**
 * Checks before an apply, each with what to do about it: the sdn file is
 * sourced, the programs that apply it are installed, forwarding and
 * rp_filter suit the zones, the underlay MTU fits the overlay, and what
 * `preflight-node.ts` checks against the node's links and ifupdown2.
 */
import { parseInterfaces } from '../config/interfaces.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import { issue, type Issue } from '../model/issues.js';
import { zoneAppliesTo } from '../model/zone-nodes.js';
import type { NodeFacts } from '../ir/facts.js';
import { DEFAULT_VXLAN_MTU, VXLAN_OVERHEAD } from '../model/overlay-mtu.js';
import { wireguardUnderlay } from '../zones/index.js';
import type { NodeHost } from './host.js';
import { readLinks } from './links.js';
import { nodeChecks } from './preflight-node.js';
import { FRR_RELOAD } from './reload.js';

const SDN_SOURCE_RE = /^\/etc\/network\/interfaces\.d\/(\*|sdn)$/;

async function installed(host: NodeHost, program: string): Promise<boolean> {
  return (await host.runner.run('sh', ['-c', `command -v ${program} || test -x ${program}`])).code === 0;
}

/**
 * Values of /proc and /sys files (null for one that cannot be read): read
 * directly when the runner's commands see the agent's own namespace, else in
 * one command through the runner (a lab points it at a namespace): each
 * command costs a fork of the agent's process.
 */
async function readProcs(host: NodeHost, files: readonly string[]): Promise<Map<string, string | null>> {
  const values = new Map<string, string | null>();
  if (files.length === 0) return values;
  const { readFile } = host.runner;
  if (readFile) {
    for (const f of files) values.set(f, readFile(f)?.trim() ?? null);
    return values;
  }
  const r = await host.runner.run('sh', ['-c', 'for f; do if v=$(cat "$f" 2>/dev/null); then echo "=$v"; else echo "!"; fi; done', 'sh', ...files]);
  const lines = r.stdout.split('\n');
  files.forEach((f, i) => values.set(f, r.code === 0 && lines[i]?.startsWith('=') ? lines[i].slice(1).trim() : null));
  return values;
}

export interface PreflightInput {
  readonly host: NodeHost;
  readonly config: SdnConfig;
  readonly facts: NodeFacts;
  readonly needsFrr: boolean;
  readonly reload: boolean;
  /** the rendered `/etc/network/interfaces.d/sdn` */
  readonly sdn: string;
}

export async function preflight({ host, config, facts, needsFrr, reload, sdn }: PreflightInput): Promise<Issue[]> {
  const out: Issue[] = [];
  const interfacesText = host.read('/etc/network/interfaces');
  const interfaces = parseInterfaces(interfacesText ?? '');
  if (!interfaces.sources.some((s) => SDN_SOURCE_RE.test(s))) {
    // the file as this agent reads it (under --root on a first, safe run)
    const file = host.path('/etc/network/interfaces');
    const problem = interfacesText === null ? `${file} does not exist` : `${file} lacks 'source /etc/network/interfaces.d/*'`;
    out.push(issue('sdn-not-sourced', '/etc/network/interfaces', `${problem}: ifupdown2 brings the VNets up only when that line ends the file`, 'warning'));
  }
  if (reload && !(await installed(host, 'ifreload'))) out.push(issue('no-ifupdown2', 'ifreload', 'ifupdown2 is not installed: apt install ifupdown2'));
  if (reload && needsFrr && !(await installed(host, FRR_RELOAD))) out.push(issue('no-frr', FRR_RELOAD, 'a controller or fabric applies to this node but FRR is not installed: apt install frr frr-pythontools'));

  const zones = [...config.zones.values()].filter((z) => zoneAppliesTo(z.nodes, facts.nodename));
  const evpn = zones.filter((z) => z.type === 'evpn');
  const multiExit = evpn.some((z) => z.type === 'evpn' && (z.exitnodes?.length ?? 0) > 1 && z.exitnodes?.includes(facts.nodename));
  const underlay = facts.routeSource?.iface;
  // over a WireGuard fabric the path is the WireGuard interface (checked in nodeChecks)
  const tunnelled = underlay ? zones.filter((z) => (z.type === 'vxlan' || z.type === 'evpn') && wireguardUnderlay(config, z) === undefined) : [];
  const files = { forward: '/proc/sys/net/ipv4/ip_forward', rpFilter: '/proc/sys/net/ipv4/conf/all/rp_filter', mtu: `/sys/class/net/${underlay ?? ''}/mtu` };
  const proc = await readProcs(host, [...(evpn.length > 0 ? [files.forward] : []), ...(multiExit ? [files.rpFilter] : []), ...(tunnelled.length > 0 ? [files.mtu] : [])]);
  if (proc.get(files.forward) === '0') {
    out.push(issue('ip-forward', 'net.ipv4.ip_forward', 'EVPN zones route between VNets and the VRF: set net.ipv4.ip_forward=1 (e.g. in /etc/sysctl.d/)', 'warning'));
  }
  if (proc.get(files.rpFilter) === '1') {
    out.push(issue('rp-filter', 'net.ipv4.conf.all.rp_filter', 'several exit nodes: return traffic may arrive on another path and strict rp_filter drops it; set net.ipv4.conf.all.rp_filter=2 (loose)', 'warning'));
  }
  const mtu = Number(proc.get(files.mtu));
  for (const z of tunnelled) {
    const need = (z.mtu ?? DEFAULT_VXLAN_MTU) + VXLAN_OVERHEAD;
    if (mtu > 0 && mtu < need) {
      out.push(issue('underlay-mtu', `zones.${z.id}.mtu`, `zone MTU ${z.mtu ?? DEFAULT_VXLAN_MTU} plus ${VXLAN_OVERHEAD} bytes of VXLAN needs ${need} on ${underlay ?? ''}, which has ${mtu}: lower the zone MTU to ${mtu - VXLAN_OVERHEAD} or raise the underlay MTU`, 'warning'));
    }
  }
  out.push(...nodeChecks(host, config, facts.nodename, sdn, await readLinks(host.runner)));
  return out;
}
