/**
 * EVPN on lab nodes: a node's files rendered by `weft render`, its
 * interfaces installed without the VRF parts (this kernel has no VRF
 * devices), and what FRR reports about remote VTEPs.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigDir } from '../../src/cli/load-config.js';
import { parseInterfaces } from '../../src/config/interfaces.js';
import type { NodeFacts } from '../../src/ir/facts.js';
import { optionKey, type Iface } from '../../src/ir/ifupdown/ir.js';
import { serializeInterfaces } from '../../src/ir/ifupdown/serialize.js';
import { renderZoneInterfaces } from '../../src/render/network.js';
import { cfg } from './sdn-dir.js';
import type { FrrLab } from './frr-lab.js';
import type { Lab, LabNode } from './lab.js';
import { weft } from './weft.js';
import { nodeName } from './node-name.js';

/** The parts that need a VRF device. */
function withoutVrf(ifaces: readonly Iface[]): Iface[] {
  return ifaces.filter((i) => !/^(vrf|vrfvx|vrfbr)_/.test(i.name)).map((i) => ({ name: i.name, options: i.options.filter((o) => optionKey(o) !== 'vrf') }));
}

/** Renders `node`'s files with `weft render`; installs the interfaces (VRF parts left out); returns frr.conf. */
function renderEvpnNode(lab: Lab, node: LabNode, cfgDir: string): string {
  const facts: NodeFacts = { nodename: nodeName(node.name), routeSource: { ip: node.address, iface: 'vmbr0' }, bridgePorts: { vmbr0: ['eth0'] } };
  const factsFile = join(lab.dir, `facts-${node.name}.json`);
  writeFileSync(factsFile, JSON.stringify(facts));
  const interfacesFile = join(node.etcNetwork, 'interfaces');
  const out = join(lab.dir, `out-${node.name}`);
  const r = weft(['render', '--config-dir', cfgDir, '--facts', factsFile, '--interfaces', interfacesFile, '--out', out]);
  assert.equal(r.status, 0, r.stderr);

  const decoded = loadConfigDir(cfgDir, 'render');
  assert.ok(decoded.config);
  const network = renderZoneInterfaces(decoded.config, facts, parseInterfaces(readFileSync(interfacesFile, 'utf8')));
  // the library render is the CLI's: only the VRF parts are taken out below
  assert.equal(serializeInterfaces(decoded.config.version, network.ifaces), readFileSync(join(out, 'sdn'), 'utf8'));
  writeFileSync(join(node.etcNetwork, 'interfaces.d', 'sdn'), serializeInterfaces(decoded.config.version, withoutVrf(network.ifaces)));
  return readFileSync(join(out, 'frr.conf'), 'utf8');
}

/** Writes the section files, then per node: renders, `ifup -a`, and starts its FRR (bgpd, bfdd) with the rendered frr.conf. */
export function bringUpEvpn(lab: Lab, frr: FrrLab, nodes: readonly LabNode[], files: Readonly<Record<string, string>>): void {
  const cfgDir = join(lab.dir, 'pve-sdn');
  mkdirSync(cfgDir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(cfgDir, file), text);
  for (const node of nodes) {
    const conf = renderEvpnNode(lab, node, cfgDir);
    const up = lab.ifupdown(node, ['ifup', '-a']);
    assert.equal(up.status, 0, `ifup -a on ${node.name}:\n${up.output}`);
    frr.add(node.ns, conf, ['bgpd', 'bfdd']);
    const started = frr.start(node.ns);
    assert.equal(started.status, 0, `frrinit.sh start on ${node.name}:\n${started.output}`);
  }
}

export interface EvpnSummary {
  readonly peers?: Readonly<Record<string, { readonly state?: string }>>;
}

export interface EvpnVni {
  /** FRR 8.4 lists the remote VTEP addresses here (newer FRR: a count, and `remoteVteps`) */
  readonly numRemoteVteps?: number | readonly string[];
  readonly remoteVteps?: ReadonlyArray<{ readonly ip?: string }>;
}

export function remoteVteps(vni: EvpnVni | null): string[] {
  const listed = Array.isArray(vni?.numRemoteVteps) ? (vni.numRemoteVteps as readonly string[]) : (vni?.remoteVteps ?? []).map((v) => v.ip ?? '');
  return [...listed].sort();
}

/**
 * Two EVPN controllers sharing node1: ctla peers node1-node2 and raises the
 * local preference of what it receives, ctlb (group VTEPB) peers node1-node3
 * and lowers the local preference of what it sends.
 */
export const TWO_CONTROLLERS = {
  'controllers.cfg': cfg(`
    evpn: ctla
      asn 65000
      peers 198.51.100.11,198.51.100.12
      nodes node1,node2
      route-map-in lprefa
    evpn: ctlb
      asn 65000
      peers 198.51.100.11,198.51.100.13
      nodes node1,node3
      peer-group-name VTEPB
      route-map-out lprefb
  `),
  'route-maps.cfg': cfg(`
    route-map-entry: lprefa_10
      action permit
      set key=local-preference,value=200
    route-map-entry: lprefb_10
      action permit
      set key=local-preference,value=50
  `),
  // zshared is announced through both groups, zonly (nodes 1 and 2) through ctla's only
  'zones.cfg': cfg(`
    evpn: zshared
      controller ctla
      secondary-controllers ctlb
      vrf-vxlan 10000
      mac 02:00:5e:00:53:01
    evpn: zonly
      controller ctla
      vrf-vxlan 20000
      mac 02:00:5e:00:53:02
      nodes node1,node2
  `),
  'vnets.cfg': cfg(`
    vnet: vshared
      zone zshared
      tag 100
    vnet: vonly
      zone zonly
      tag 200
  `),
};

