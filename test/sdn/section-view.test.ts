/**
 * A read of one section (sdn/views.ts sectionView) answers what the whole
 * view holds for it, in every mode: the edited files, the running config,
 * and the pending view of both (new, changed, deleted and unchanged
 * sections, for every section set); so do a VNet's subnets.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { SET_NAMES, STORE_KEYS } from '../../src/sdn/kinds.js';
import { loadState } from '../../src/sdn/state.js';
import { apiList, sectionView, setView, vnetSubnets } from '../../src/sdn/views.js';
import { compileRunning } from '../../src/sdn/workflow.js';

const APPLIED: Readonly<Record<string, string>> = {
  'sdn/zones.cfg': 'simple: z1\n\tipam pve\n\nvlan: z2\n\tbridge vmbr0\n\nevpn: z5\n\tcontroller c1\n\tvrf-vxlan 100\n\n',
  'sdn/controllers.cfg': 'evpn: c1\n\tasn 65000\n\tpeers 10.0.0.1\n\n',
  'sdn/vnets.cfg': 'vnet: va\n\tzone z1\n\nvnet: vb\n\tzone z2\n\ttag 5\n\nvnet: vc\n\tzone z2\n\ttag 6\n\talias old\n\n',
  'sdn/subnets.cfg': 'subnet: z1-10.0.0.0-24\n\tvnet va\n\tgateway 10.0.0.1\n\tdhcp-range start-address=10.0.0.10,end-address=10.0.0.20\n\n',
};

/** Applied, then edited: vb removed, vc changed (alias changed, tag dropped), vd new; a subnet changed and one new; a zone removed. */
const EDITED: Readonly<Record<string, string>> = {
  'sdn/zones.cfg': 'simple: z1\n\tipam pve\n\nvlan: z2\n\tbridge vmbr0\n\n',
  'sdn/controllers.cfg': APPLIED['sdn/controllers.cfg'] ?? '',
  'sdn/vnets.cfg': 'vnet: va\n\tzone z1\n\nvnet: vc\n\tzone z2\n\talias new\n\nvnet: vd\n\tzone z1\n\n',
  'sdn/subnets.cfg': 'subnet: z1-10.0.0.0-24\n\tvnet va\n\tgateway 10.0.0.2\n\nsubnet: z1-10.0.1.0-24\n\tvnet vd\n\n',
};

test('one section read alone is what the whole view holds for it, in every mode', () => {
  const applied = loadState({ revision: '1', docs: new Map(Object.entries(APPLIED)) });
  const running = JSON.stringify(compileRunning(applied, true));
  const state = loadState({ revision: '2', docs: new Map([...Object.entries(EDITED), [STORE_KEYS.running, running]]) });
  let compared = 0;
  for (const set of SET_NAMES) {
    for (const mode of ['config', 'running', 'pending'] as const) {
      const view = setView(state, set, mode);
      for (const id of [...Object.keys(view.ids), 'nosuch', 'constructor']) {
        const one = sectionView(state, set, mode, id);
        assert.deepEqual(one.section, Object.hasOwn(view.ids, id) ? view.ids[id] : undefined, `${set} ${id} (${mode})`);
        assert.equal(one.digest, view.digest, `${set} ${id} (${mode}): digest`);
        compared++;
      }
    }
  }
  // a VNet's subnets, each view's list filtered to it
  for (const mode of ['config', 'running', 'pending'] as const) {
    for (const vnet of ['va', 'vb', 'vc', 'vd', 'nosuch']) {
      assert.deepEqual(vnetSubnets(state, vnet, mode), apiList('subnets', setView(state, 'subnets', mode)).filter((s) => s.vnet === vnet), `subnets of ${vnet} (${mode})`);
    }
  }
  assert.equal(vnetSubnets(state, 'vd', 'config').length, 1);
  // the pending view holds every kind of change
  const states = Object.values(setView(state, 'vnets', 'pending').ids).map((s) => s.state);
  for (const s of ['new', 'changed', 'deleted', undefined]) assert.ok(states.includes(s as never), `a VNet ${String(s ?? 'unchanged')}`);
  assert.ok(compared > 40, `only ${compared} sections compared`);
});
