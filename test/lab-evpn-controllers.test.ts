/**
 * Two EVPN controllers on three lab nodes with Debian's FRR: node1 peers
 * node2 through ctla (group VTEP) and node3 through ctlb (group VTEPB).
 * Each controller's route map applies to its own peer group only: node1
 * gives what node2 sends local preference 200 (ctla's route-map-in) but not
 * what node3 sends (50, from ctlb's route-map-out on node3), and what node1
 * sends node3 arrives with 50 while node2 sets 200 on its own. Zone zshared names ctlb as
 * secondary controller: node3 learns its VNI from node1; zone zonly does
 * not: node1 does not announce its VNI to node3. VRF parts are left out of
 * the interfaces (this kernel has no VRF devices), FRR loads all of frr.conf.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { remoteVteps, bringUpEvpn, TWO_CONTROLLERS, type EvpnSummary, type EvpnVni } from './support/evpn-lab.js';
import { FrrLab, waitFor } from './support/frr-lab.js';
import { Lab, UNDERLAY, type LabNode } from './support/lab.js';
import { needs } from './support/system.js';

const skip = needs({ root: true, commands: ['ifup', 'unshare', 'vtysh', '/usr/lib/frr/frrinit.sh'] });

interface EvpnPath {
  readonly peerId?: string;
  readonly locPrf?: number;
}

/** Local preference of the type-3 routes `node` holds, by the peer that sent them ('' for its own). */
function localPrefs(frr: FrrLab, node: LabNode): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const path = v as EvpnPath & Record<string, unknown>;
      if ('peerId' in path) {
        const list = out.get(String(path.peerId)) ?? [];
        list.push(path.locPrf ?? 100);
        out.set(String(path.peerId), list);
      } else Object.values(path).forEach(walk);
    }
  };
  walk(frr.vtyshJson(node.ns, 'show bgp l2vpn evpn route type multicast'));
  return out;
}

describe('two EVPN controllers on three lab nodes with FRR', { skip }, () => {
  let lab: Lab;
  let frr: FrrLab;
  const nodes: LabNode[] = [];
  const node = (i: number) => nodes[i - 1] as LabNode;

  before(() => {
    lab = new Lab('evc');
    frr = new FrrLab(lab.dir);
    for (const i of [1, 2, 3]) nodes.push(lab.addNode(i));
    bringUpEvpn(lab, frr, nodes, TWO_CONTROLLERS);
  });
  after(() => lab.destroy());

  test('each controller peers in its own group', async () => {
    const established = (at: LabNode, peers: readonly string[]) => () => {
      const got = frr.vtyshJson<EvpnSummary>(at.ns, 'show bgp l2vpn evpn summary')?.peers ?? {};
      return peers.every((ip) => got[ip]?.state === 'Established');
    };
    assert.ok(await waitFor(60, established(node(1), [`${UNDERLAY}.12`, `${UNDERLAY}.13`])), frr.vtysh(node(1).ns, 'show bgp l2vpn evpn summary'));
    assert.ok(await waitFor(30, established(node(2), [`${UNDERLAY}.11`])), frr.vtysh(node(2).ns, 'show bgp l2vpn evpn summary'));
    assert.ok(await waitFor(30, established(node(3), [`${UNDERLAY}.11`])), frr.vtysh(node(3).ns, 'show bgp l2vpn evpn summary'));
  });

  test("a controller's route maps apply to its own peer group only", async () => {
    const from = (at: LabNode, peer: number) => localPrefs(frr, at).get(`${UNDERLAY}.1${peer}`) ?? [];
    // node1 holds zshared's and zonly's type-3 routes of node2, zshared's of node3
    assert.ok(await waitFor(60, () => from(node(1), 2).length === 2 && from(node(1), 3).length === 1), JSON.stringify([...localPrefs(frr, node(1))]));
    assert.deepEqual(from(node(1), 2), [200, 200], "ctla's route-map-in on its peer node2");
    assert.deepEqual(from(node(1), 3), [50], "node3 sent it through ctlb's route-map-out; ctla's route-map-in (200) does not touch ctlb's peer");
    assert.ok(await waitFor(30, () => from(node(3), 1).length > 0 && from(node(2), 1).length === 2));
    assert.deepEqual(from(node(3), 1), [50], "ctlb's route-map-out towards node3: and only zshared's VNI, not zonly's");
    assert.deepEqual(from(node(2), 1), [200, 200], "node2's own in-map; ctlb's route-map-out does not reach ctla's group");
  });

  test("the secondary controller carries its zone's VNI; the other zone's stays in ctla's group", async () => {
    const vteps = (at: LabNode, vni: number) => remoteVteps(frr.vtyshJson<EvpnVni>(at.ns, `show evpn vni ${vni}`));
    assert.ok(await waitFor(30, () => vteps(node(3), 100).length === 1), JSON.stringify(frr.vtyshJson(node(3).ns, 'show evpn vni 100')));
    assert.deepEqual(vteps(node(3), 100), [`${UNDERLAY}.11`]);
    assert.deepEqual(vteps(node(1), 100), [`${UNDERLAY}.12`, `${UNDERLAY}.13`]);
    assert.deepEqual(vteps(node(1), 200), [`${UNDERLAY}.12`]);
    assert.deepEqual(vteps(node(2), 200), [`${UNDERLAY}.11`]);
  });
});
