/**
 * Random running-config versions for the agent's tests: a start that already
 * breaks rules an edit may not break (shared tags and VNIs, two tag-less
 * QinQ VNets: an applied config may), and random changes to it whose values
 * often collide or dangle.
 */
import { pick } from './seeded-random.js';

export type Section = Record<string, unknown>;
export type Sets = Record<string, Record<string, Section>>;

/** Already breaking rules an edit may not break (shared tags and VNIs, two tag-less QinQ VNets): an applied config may. */
export function start(): Sets {
  return {
    zones: { z1: { type: 'simple', ipam: 'pve' }, z2: { type: 'vlan', bridge: 'vmbr0' }, z3: { type: 'vxlan', peers: '10.0.0.1,10.0.0.2' }, z4: { type: 'qinq', bridge: 'vmbr0', tag: 10 }, z5: { type: 'evpn', controller: 'c1', 'vrf-vxlan': 100 } },
    controllers: { c1: { type: 'evpn', asn: 65000, peers: '10.0.0.1' } },
    vnets: { va: { type: 'vnet', zone: 'z1' }, vb: { type: 'vnet', zone: 'z2', tag: 5 }, vc: { type: 'vnet', zone: 'z2', tag: 5 }, vd: { type: 'vnet', zone: 'z3', tag: 6 }, ve: { type: 'vnet', zone: 'z5', tag: 6 }, vf: { type: 'vnet', zone: 'z4' }, vg: { type: 'vnet', zone: 'z4' } },
    subnets: { 'z1-10.0.0.0-24': { type: 'subnet', vnet: 'va', gateway: '10.0.0.1' } },
  };
}

const VNETS = ['va', 'vb', 'vc', 'vd', 've', 'vf', 'vg', 'vh', 'vi', 'v0'];

/** One random change: a VNet, subnet or zone added, changed or removed, or a controller changed. */
export function change(r: (n: number) => number, sets: Sets): void {
  const zones = sets.zones as Record<string, Section>;
  const vnets = sets.vnets as Record<string, Section>;
  const subnets = sets.subnets as Record<string, Section>;
  const zoneIds = [...Object.keys(zones), 'zq'];
  switch (r(9)) {
    case 0:
    case 1:
    case 2:
      vnets[pick(r, VNETS)] = { type: 'vnet', zone: pick(r, zoneIds), ...pick<Section>(r, [{}, { tag: 5 }, { tag: 6 }, { tag: 100 }, { tag: 5000 }]), ...pick<Section>(r, [{}, {}, { alias: 'x' }, { vlanaware: 1 }]) };
      return;
    case 3:
      Reflect.deleteProperty(vnets, pick(r, VNETS));
      return;
    case 4: {
      const vnet = pick(r, VNETS);
      const zone = typeof vnets[vnet]?.zone === 'string' && r(5) > 0 ? (vnets[vnet]?.zone as string) : pick(r, zoneIds);
      const id = `${zone}-${pick(r, ['10.0.0.0-24', '10.0.1.0-24', '10.0.0.1-24'])}`;
      if (r(4) === 0) Reflect.deleteProperty(subnets, id);
      else subnets[id] = { type: 'subnet', vnet, ...pick<Section>(r, [{}, { gateway: '10.0.0.1' }, { gateway: '10.9.9.9' }]) };
      return;
    }
    case 5:
    case 6:
      zones[pick(r, ['zq', 'zr', 'z2', 'z3', 'z4', 'z5'])] = pick<Section>(r, [
        { type: 'simple' },
        { type: 'evpn', controller: 'c1', 'vrf-vxlan': pick(r, [10000, 5000, 6, 100]) },
        { type: 'vlan', bridge: 'vmbr0' },
        { type: 'qinq', bridge: 'vmbr0', tag: 20 },
        { type: 'vxlan', peers: '10.0.0.1' },
        { type: 'vlan' },
      ]);
      return;
    case 7:
      Reflect.deleteProperty(zones, pick(r, ['zq', 'zr', 'z3', 'z4']));
      return;
    default:
      (sets.controllers as Record<string, Section>).c1 = { type: 'evpn', asn: pick(r, [65000, 65001]), ...pick<Section>(r, [{ peers: '10.0.0.1' }, {}]) };
  }
}

export const text = (sets: Sets, version: number): string => JSON.stringify({ version, ...Object.fromEntries(Object.entries(sets).map(([k, ids]) => [k, { ids }])) });

