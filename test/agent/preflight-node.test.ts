/**
 * Pre-flight checks against the node: a fabric interface the node lacks, and
 * several VLAN-aware bridges (a QinQ zone beside a VLAN-aware node bridge) on
 * an ifupdown2 without multiple_vlan_aware_bridge_support, each a finding
 * that says what to do.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeHost } from '../../src/agent/host.js';
import { IFUPDOWN2_CONF, nodeChecks } from '../../src/agent/preflight-node.js';
import { parseInterfaces } from '../../src/config/interfaces.js';
import { renderNode } from '../../src/render/node-files.js';
import { cfg, decodeFiles, ONE_NODE_OPENFABRIC } from '../support/sdn-dir.js';
import { withTempDir } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

const NO_COMMANDS = { run: () => Promise.resolve({ code: 1, stdout: '', stderr: 'not in this test' }) };
const VLAN_AWARE_VMBR0 = 'auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eth0\n\tbridge-vlan-aware yes\n\nsource /etc/network/interfaces.d/*\n';

/** A node root with these files (absolute path → text). */
function withNode(files: Record<string, string>, run: (root: string) => void): void {
  withTempDir((root) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    run(root);
  });
}

test('a fabric interface missing on the node is a finding naming it and what to do', () => {
  const r = decodeFiles({ 'fabrics.cfg': ONE_NODE_OPENFABRIC.replace('interfaces name=ens19', 'interfaces name=ens19\n\tinterfaces name=ens20') });
  assert.ok(r.config, JSON.stringify(r.issues));
  const config = r.config;
  withNode({}, (root) => {
    const found = nodeChecks(nodeHost(root, NO_COMMANDS), config, nodeName('pve'), '', [{ ifname: 'lo' }, { ifname: 'ens19' }]);
    assert.deepEqual(
      found.map((i) => `${i.severity} ${i.code} ${i.path}: ${i.message}`),
      ["warning fabric-interface-missing fabrics.f1_pve.interfaces: fabric 'f1' runs on interface 'ens20', which node pve does not have: create it (e.g. in /etc/network/interfaces) or remove it from the node's interfaces in the fabric"],
    );
    assert.deepEqual(nodeChecks(nodeHost(root, NO_COMMANDS), config, nodeName('other'), '', [{ ifname: 'lo' }]), [], 'a node outside the fabric');
  });
});

test('a QinQ zone beside a VLAN-aware node bridge needs multiple_vlan_aware_bridge_support=1', () => {
  const r = decodeFiles({ 'zones.cfg': cfg('qinq: zq\n bridge vmbr0\n tag 20'), 'vnets.cfg': cfg('vnet: q1\n zone zq\n tag 100') });
  assert.ok(r.config, JSON.stringify(r.issues));
  const config = r.config;
  const facts = { nodename: nodeName('pve1'), routeSource: null, bridgePorts: { vmbr0: ['eth0'] } };
  const sdn = renderNode({ config, facts, interfaces: parseInterfaces(VLAN_AWARE_VMBR0) }).sdn;
  const conf = (value: string) => ({ '/etc/network/interfaces': VLAN_AWARE_VMBR0, [IFUPDOWN2_CONF]: `# ifupdown2\nmultiple_vlan_aware_bridge_support=${value}\n` });
  withNode(conf('0'), (root) => {
    const found = nodeChecks(nodeHost(root, NO_COMMANDS), config, nodeName('pve1'), sdn, []);
    assert.deepEqual(
      found.map((i) => `${i.severity} ${i.code} ${i.path}: ${i.message}`),
      [
        'error multiple-vlan-aware-bridges /etc/network/ifupdown2/ifupdown2.conf: 2 VLAN-aware bridges (vmbr0, z_zq), a QinQ zone brings its own, but ifupdown2 has multiple_vlan_aware_bridge_support=0 and would refuse all but one: set multiple_vlan_aware_bridge_support=1 in /etc/network/ifupdown2/ifupdown2.conf',
      ],
    );
    assert.deepEqual(nodeChecks(nodeHost(root, NO_COMMANDS), config, nodeName('pve1'), '', []), [], 'one VLAN-aware bridge is fine');
  });
  withNode(conf('1'), (root) => assert.deepEqual(nodeChecks(nodeHost(root, NO_COMMANDS), config, nodeName('pve1'), sdn, []), [], 'supported'));
});
