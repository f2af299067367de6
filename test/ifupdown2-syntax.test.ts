/**
 * Every `sdn` file the renderer produces for the layer-2 conformance cases and
 * for the project's own fixture passes Debian's ifupdown2 syntax check
 * (`ifup -s -a -i FILE`, addon_syntax_check=1), combined with the node's
 * /etc/network/interfaces as on a real node. Findings that only reflect
 * Proxmox's ifupdown2 fork (or advice, not errors) are listed with the reason;
 * anything else fails.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderFromFiles } from '../src/cli/render-files.js';
import { OWN_FIXTURE_CASE, zoneCases } from './support/conformance.js';
import { ifupdown2SyntaxCheck, strictIfupdown2Conf } from './support/ifupdown2.js';
import { needs } from './support/system.js';
import { withTempDir } from './support/weft.js';

/** Constructs only Proxmox's ifupdown2 fork knows (errors in Debian's 3.0.0). */
const FORK_ONLY_ERRORS: ReadonlyArray<readonly [RegExp, string]> = [
  [/unsupported keyword \(ovs_\w+\)/, 'OVS stanzas need the openvswitch addon (ovs-vsctl); Proxmox nodes ship it, Debian without openvswitch-switch does not load it'],
  [/vlan sub-interface is not supported in a vlan-aware bridge/, "VLAN sub-interfaces as ports of a VLAN-aware bridge (QinQ zone bridges, VLAN-aware VNets) are a Proxmox fork feature"],
];

/** Warnings that are advice or Debian-vs-fork validator differences, not config errors. */
const KNOWN_WARNINGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/bridge-ports: invalid value "none"/, "'bridge_ports none' (a bridge without ports) is what the reference writes for simple zones; ifupdown2 brings it up fine"],
  [/veth-peer-name: invalid value/, "Debian's validator only accepts existing interfaces as veth peers; the peer is defined in the same file"],
  [/bridge inherits mtu from its ports/, 'advice: the reference sets the MTU on VNet bridges explicitly'],
  [/bridge-vlan-aware: invalid value "1"/, "comes from the fixture's own /etc/network/interfaces, not from the rendered file"],
  [/missing vxlan-local-tunnelip/, 'advice: static VXLAN with vxlan_remoteip works without a local tunnel IP (the lab proves it)'],
  [/`bridge-access` attribute is mandatory when vxlan device/, "Debian's single-VXLAN-device checks; a VLAN-aware VNet carries all VLANs over its VXLAN device"],
];

const skip = needs({ root: true, commands: ['ifup', 'unshare'] });

function unexpected(lines: readonly string[], allowed: ReadonlyArray<readonly [RegExp, string]>): string[] {
  return lines.filter((l) => !allowed.some(([re]) => re.test(l)));
}


test('rendered sdn files pass ifupdown2 syntax check', { skip }, () => {
  withTempDir((tmp) => {
    const conf = strictIfupdown2Conf(join(tmp, 'conf'));
    const cases = [OWN_FIXTURE_CASE, ...zoneCases(['simple', 'vlan', 'qinq', 'vxlan'])];
    const failures: string[] = [];
    for (const c of cases) {
      const out = join(tmp, c.name.replace(/\W/g, '_'));
      const r = renderFromFiles(c.sources);
      assert.ok(r.files, `${c.name}: ${r.issues.map((i) => i.message).join('\n')}`);
      mkdirSync(out);
      writeFileSync(join(out, 'sdn'), r.files.sdn);
      // the node's interfaces file includes the sdn file, as on a real node
      const main = join(out, 'interfaces');
      const nodeInterfaces = readFileSync(c.sources.interfaces, 'utf8').replace(/^source .*$/gm, '');
      writeFileSync(main, `${nodeInterfaces}\nsource ${join(out, 'sdn')}\n`);
      const report = ifupdown2SyntaxCheck(main, conf);
      for (const e of unexpected(report.errors, FORK_ONLY_ERRORS)) failures.push(`${c.name}: ${e}`);
      for (const w of unexpected(report.warnings, KNOWN_WARNINGS)) failures.push(`${c.name}: ${w}`);
    }
    assert.deepEqual(failures, []);
  });
});

test('the syntax check does catch a bad keyword', { skip }, () => {
  withTempDir((tmp) => {
    const conf = strictIfupdown2Conf(join(tmp, 'conf'));
    writeFileSync(join(tmp, 'bad'), 'auto v1\niface v1\n\tbridge_ports none\n\tbridge_stpp off\n');
    assert.match(ifupdown2SyntaxCheck(join(tmp, 'bad'), conf).errors.join('\n'), /unsupported keyword \(bridge_stpp\)/);
  });
});
