/**
 * The drift checks against a recording runner: FRR compared through
 * frr-reload.py --test (its "Lines To Add/Delete" counted, a failure to
 * compare reported), a VNet bridge without one of its addresses, a VXLAN
 * device missing, dnsmasq units by `systemctl is-active`, and with
 * --no-reload only the files. (The lab test drives the real programs.)
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkDrift, type Applied } from '../../src/agent/drift.js';
import { nodeHost } from '../../src/agent/host.js';
import { frrPaths } from '../../src/agent/node-plan.js';
import { FRR, NETWORK } from '../../src/ir/node-file.js';
import { SDN_INTERFACES_PATH } from '../../src/render/node-files.js';
import type { CommandResult, CommandRunner } from '../../src/agent/runner.js';

const SDN = '#version:3\n\nauto v1\niface v1\n\taddress 10.0.0.1/24\n\tbridge_ports none\n\nauto vxlan_v2\niface vxlan_v2\n\tvxlan-id 200\n\nauto v2\niface v2\n\tbridge_ports vxlan_v2\n';
const LINKS = [{ ifname: 'v1', addr_info: [{ local: '10.0.0.2', prefixlen: 24 }] }, { ifname: 'v2', addr_info: [] }];
// as FRR 8.4's frr-reload.py prints it for a frr.conf written for FRR 10 (the lines it never changes are not drift)
const FRR_DIFF = '\nLines To Delete\n===============\nrouter bgp 65000\n no neighbor 10.0.0.9\n\nLines To Add\n============\nfrr version 10.4.1\nservice integrated-vtysh-config\nline vty\nrouter bgp 65000\n neighbor 10.0.0.8 remote-as 65000\n';

function runner(frr: CommandResult): CommandRunner {
  return {
    run: (cmd, args) => {
      const ok = (stdout: string, code = 0) => Promise.resolve({ code, stdout, stderr: '' });
      if (cmd === 'ip') return ok(JSON.stringify(LINKS));
      if (cmd === 'systemctl') return ok('active\nfailed\n', 3);
      // the root is not /: frr-reload.py runs in a mount namespace through unshare
      if (cmd === 'unshare' && args.includes('--test')) return Promise.resolve(frr);
      return Promise.reject(new Error(`unexpected command ${cmd} ${args.join(' ')}`));
    },
  };
}

describe('drift checks', () => {
  const applied: Applied = {
    files: [
      { path: SDN_INTERFACES_PATH, content: SDN, service: NETWORK },
      { path: '/etc/dnsmasq.d/za/00-default.conf', content: 'x\n', service: { kind: 'dnsmasq', zone: 'za' } },
      { path: '/etc/dnsmasq.d/zb/00-default.conf', content: 'y\n', service: { kind: 'dnsmasq', zone: 'zb' } },
    ],
    vnets: ['v1', 'v2'],
    needsFrr: true,
  };

  test('each item with the service that repairs it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'weft-drift-'));
    try {
      const host = nodeHost(root, runner({ code: 0, stdout: FRR_DIFF, stderr: '' }));
      for (const f of applied.files) if (f.content !== null) host.write(f.path, f.content);
      assert.deepEqual(await checkDrift(host, frrPaths(), applied, true), [
        { kind: 'address', item: 'v1 10.0.0.1/24', message: 'v1 lacks its address 10.0.0.1/24', service: NETWORK },
        { kind: 'link', item: 'vxlan_v2', message: 'vxlan_v2 is missing', service: NETWORK },
        { kind: 'frr', item: 'frr', message: "FRR runs another config than /etc/frr/frr.conf: 4 line(s) to change ('router bgp 65000', 'no neighbor 10.0.0.9', 'router bgp 65000' and 1 more)", service: FRR },
        { kind: 'dnsmasq', item: 'zb', message: 'dnsmasq@zb is failed', service: { kind: 'dnsmasq', zone: 'zb' } },
      ]);
      // FRR in step, the file edited; without reloads only the files count
      host.write('/etc/dnsmasq.d/za/00-default.conf', 'edited\n');
      assert.deepEqual(await checkDrift(nodeHost(root, runner({ code: 0, stdout: '', stderr: '' })), frrPaths(), applied, false), [
        { kind: 'file', item: '/etc/dnsmasq.d/za/00-default.conf', message: '/etc/dnsmasq.d/za/00-default.conf differs from what the agent wrote', service: null },
      ]);
      const frrDown = await checkDrift(nodeHost(root, runner({ code: 1, stdout: '', stderr: 'vtysh: cannot connect' })), frrPaths(), applied, true);
      assert.deepEqual(
        frrDown.filter((d) => d.kind === 'frr').map((d) => d.message),
        ["FRR's running config cannot be compared with /etc/frr/frr.conf (frr-reload.py --test exited 1): is FRR running?"],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
