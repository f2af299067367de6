/**
 * A render with the last render's cache (what the agent does on each new
 * version) equals a render from scratch, byte for byte, on random sequences
 * of changes to the project's fixture config (VNets, subnets, zones and the
 * EVPN controller added, removed or changed; the node's facts and interfaces
 * file switched between a VLAN-aware, a classic and an OVS vmbr0), on three
 * nodes: an exit node, one outside the simple zone, and one in neither.
 * Each version is decoded as the agent decodes it (agent/running-decoder.ts:
 * from the last version, unchanged sections keep their objects). And a change to one VNet renders that VNet anew and reuses
 * the rest.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseInterfaces, type InterfacesFile } from '../../src/config/interfaces.js';
import { RunningDecoder } from '../../src/agent/running-decoder.js';
import { rawConfigFromFiles } from '../../src/sections/sdn-files.js';
import type { RawConfig, RawSection } from '../../src/model/config.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import { parseFacts, type NodeFacts } from '../../src/ir/facts.js';
import { renderNode, type NodeFiles } from '../../src/render/node-files.js';
import type { RenderCache } from '../../src/render/render-cache.js';
import { FIXTURES_DIR } from '../support/paths.js';

type Sets = Record<string, { ids: Record<string, RawSection> }>;

const FIXTURE_INTERFACES = readFileSync(join(FIXTURES_DIR, 'node-pve1', 'interfaces'), 'utf8');
/** vmbr0 three ways: each zone plugin shares interfaces between VNets differently on each */
const INTERFACES: readonly InterfacesFile[] = [
  FIXTURE_INTERFACES,
  FIXTURE_INTERFACES.replace(/\tbridge-vlan-aware yes\n\tbridge-vids 2-4094\n/, ''),
  'auto eth0\niface eth0 inet manual\n\tovs_type OVSPort\n\tovs_bridge vmbr0\n\nauto vmbr0\niface vmbr0 inet static\n\taddress 198.51.100.11/24\n\tovs_type OVSBridge\n\tovs_ports eth0\n',
].map((text) => parseInterfaces(text));

function fixtureRaw(): RawConfig {
  const dir = join(FIXTURES_DIR, 'pve-sdn');
  const files = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  const { raw, issues } = rawConfigFromFiles(files, 1);
  assert.deepEqual(issues, []);
  return raw;
}

function factsOf(nodename: string, ip: string, ports: readonly string[]): NodeFacts {
  const data = { ...(JSON.parse(readFileSync(join(FIXTURES_DIR, 'node-pve1', 'node.json'), 'utf8')) as object), nodename, routeSource: { ip, iface: 'vmbr0' }, bridgePorts: { vmbr0: ports } };
  const { facts } = parseFacts(data);
  assert.ok(facts);
  return facts;
}

/** A small seeded generator (mulberry32): the sequences are the same on every run. */
function random(seed: number): { int: (n: number) => number; pick: <T>(items: readonly T[]) => T | undefined; chance: (p: number) => boolean } {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { int, pick: (items) => items[int(items.length)], chance: (p) => next() < p };
}

/** One random change to the sets (changed sections are new objects, as a new version's are). */
function change(sets: Sets, rnd: ReturnType<typeof random>, n: number): string {
  const ids = (set: string) => (sets[set] ??= { ids: {} }).ids;
  const [zones, vnets, subnets, controllers] = ['zones', 'vnets', 'subnets', 'controllers'].map(ids) as [Sets[string]['ids'], Sets[string]['ids'], Sets[string]['ids'], Sets[string]['ids']];
  const zoneIds = Object.keys(zones);
  const vnetIds = Object.keys(vnets);
  const kind = rnd.int(8);
  if (kind <= 1 || vnetIds.length === 0) {
    const zone = rnd.pick(zoneIds) ?? 'simple1';
    const type = zones[zone]?.type;
    const tag = type === 'vxlan' || type === 'evpn' ? 200000 + n : type === 'vlan' ? 2 + rnd.int(6) : type === 'qinq' && rnd.chance(0.8) ? 40 + n : undefined;
    const id = `t${n}`;
    vnets[id] = { type: 'vnet', zone, ...(tag !== undefined ? { tag } : {}), ...(rnd.chance(0.3) ? { vlanaware: 1 } : {}), ...(rnd.chance(0.3) ? { alias: `net ${n}` } : {}) };
    return `add vnet ${id} in ${zone}`;
  }
  const vnet = rnd.pick(vnetIds) as string;
  const section = vnets[vnet] as RawSection;
  if (kind === 2) {
    Reflect.deleteProperty(vnets, vnet);
    for (const [id, s] of Object.entries(subnets)) if (s.vnet === vnet) Reflect.deleteProperty(subnets, id);
    return `remove vnet ${vnet}`;
  }
  if (kind === 3) {
    vnets[vnet] = { ...section, alias: `alias ${n}`, ...(rnd.chance(0.5) ? { vlanaware: rnd.int(2) } : {}) };
    return `change vnet ${vnet}`;
  }
  if (kind === 4) {
    const zone = String(section.zone);
    const id = `${zone}-10.${n % 250}.${rnd.int(250)}.0-24`;
    subnets[id] = { type: 'subnet', vnet, gateway: id.slice(zone.length + 1, id.lastIndexOf('.')) + '.1', ...(rnd.chance(0.5) ? { snat: 1 } : {}) };
    return `add subnet ${id}`;
  }
  if (kind === 5) {
    const id = rnd.pick(Object.keys(subnets));
    if (id) Reflect.deleteProperty(subnets, id);
    return `remove subnet ${id ?? '(none)'}`;
  }
  if (kind === 6) {
    const zone = rnd.pick(zoneIds) as string;
    const z = zones[zone] as RawSection;
    const exit = z.type === 'evpn' && rnd.chance(0.5) ? { exitnodes: rnd.pick(['pve1,pve2', 'pve2', 'pve1,pve3']), 'exitnodes-local-routing': rnd.int(2) } : {};
    zones[zone] = { ...z, mtu: 1300 + rnd.int(200), ...exit };
    return `change zone ${zone}`;
  }
  const c = controllers.evpnctl as RawSection;
  controllers.evpnctl = { ...c, asn: 65000 + rnd.int(3) };
  return 'change controller evpnctl';
}

interface NodeCase {
  readonly facts: readonly NodeFacts[];
  readonly cache: RenderCache;
  reused: number;
  frrReused: number;
}

const render = (config: SdnConfig, facts: NodeFacts, interfaces: InterfacesFile, cache?: RenderCache): NodeFiles =>
  renderNode({ config, facts, interfaces, frrLocal: 'router bgp 65000\n bgp router-id 198.51.100.11\nexit\n', ...(cache ? { cache } : {}) });

describe('incremental render', () => {
  for (const seed of [1, 2, 3, 4]) {
    test(`equals a render from scratch on 60 random changes (seed ${seed})`, () => {
      const rnd = random(seed);
      const nodes: NodeCase[] = [
        { facts: [factsOf('pve1', '198.51.100.11', ['eth0']), factsOf('pve1', '198.51.100.21', ['eth0', 'eth1'])], cache: {}, reused: 0, frrReused: 0 },
        { facts: [factsOf('pve3', '198.51.100.13', ['eth0'])], cache: {}, reused: 0, frrReused: 0 },
        { facts: [factsOf('pve2', '198.51.100.12', ['eth0'])], cache: {}, reused: 0, frrReused: 0 },
      ];
      let raw = fixtureRaw();
      const decoder = new RunningDecoder();
      let valid = 0;
      let interfaces = INTERFACES[0] as InterfacesFile;
      for (let n = 0; n < 60; n++) {
        const sets = JSON.parse(JSON.stringify(raw)) as Sets;
        const what = rnd.chance(0.1) ? 'the node files' : change(sets, rnd, n);
        if (what === 'the node files') interfaces = rnd.pick(INTERFACES) as InterfacesFile;
        const decoded = decoder.decode(JSON.stringify({ ...sets, version: n + 2 }));
        // a change the model refuses (a tag twice in a zone) is no version an agent gets
        if (!decoded.config) continue;
        raw = sets as RawConfig;
        valid++;
        for (const node of nodes) {
          const facts = rnd.pick(node.facts) as NodeFacts;
          const full = render(decoded.config, facts, interfaces);
          const incremental = render(decoded.config, facts, interfaces, node.cache);
          assert.deepEqual(incremental, full, `seed ${seed}, change ${n} (${what}), node ${facts.nodename}`);
          node.reused += node.cache.stats?.vnetsReused ?? 0;
          node.frrReused += node.cache.stats?.frrReused ? 1 : 0;
        }
      }
      assert.ok(valid >= 40, `only ${valid} of 60 changes made a valid config`);
      // the comparison above covers reuse, not only renders from scratch
      for (const node of nodes) assert.ok(node.reused > valid && node.frrReused > 0, `node ${node.facts[0]?.nodename}: ${node.reused} VNet parts and ${node.frrReused} frr.conf reused`);
    });
  }

  test('a change to one VNet renders that VNet anew; frr.conf is reused unless the VNet is in an EVPN zone', () => {
    const facts = factsOf('pve1', '198.51.100.11', ['eth0']);
    const interfaces = INTERFACES[0] as InterfacesFile;
    const cache: RenderCache = {};
    const decoder = new RunningDecoder();
    let raw = fixtureRaw();
    const next = (edit: (sets: Sets) => void): RenderCache['stats'] => {
      const sets = JSON.parse(JSON.stringify(raw)) as Sets;
      edit(sets);
      raw = sets as RawConfig;
      const decoded = decoder.decode(JSON.stringify(sets));
      assert.ok(decoded.config, JSON.stringify(decoded.issues));
      assert.deepEqual(render(decoded.config, facts, interfaces, cache), render(decoded.config, facts, interfaces));
      return cache.stats;
    };
    assert.deepEqual(next(() => undefined), { vnets: 5, vnetsReused: 0, frrReused: false });
    assert.deepEqual(next(() => undefined), { vnets: 5, vnetsReused: 5, frrReused: true });
    assert.deepEqual(
      next((s) => ((s.vnets as Sets[string]).ids.vnet2 = { ...(s.vnets as Sets[string]).ids.vnet2, alias: 'changed' })),
      { vnets: 5, vnetsReused: 4, frrReused: true },
    );
    assert.deepEqual(
      next((s) => ((s.subnets as Sets[string]).ids['evpn1-198.51.100.0-25'] = { type: 'subnet', vnet: 'vnet4', gateway: '198.51.100.1' })),
      { vnets: 5, vnetsReused: 4, frrReused: false },
    );
  });
});
