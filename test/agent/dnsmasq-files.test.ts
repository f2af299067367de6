/**
 * The agent's dnsmasq files over config changes: a VNet that goes loses its
 * `10-<vnet>.conf`, a zone that stops serving DHCP loses its files and its
 * instance is stopped and disabled; an operator's own file stays. systemd
 * is not running here, so the commands are checked with a recording runner.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { nodeHost } from '../../src/agent/host.js';
import { frrPaths } from '../../src/agent/node-plan.js';
import { applyPass } from '../../src/agent/once.js';
import { systemReloader } from '../../src/agent/reload.js';
import type { CommandRunner } from '../../src/agent/runner.js';
import { serviceName } from '../../src/ir/node-file.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import { cfg, decodeFiles } from '../support/sdn-dir.js';
import { withTempDirAsync } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

const ZONE_DHCP = cfg(`
  simple: zd
    ipam pve
    dhcp dnsmasq
`);
const TWO_VNETS = cfg(`
  vnet: vd
    zone zd
  vnet: ve
    zone zd
`);
const SUBNETS = cfg(`
  subnet: zd-192.0.2.0-24
    vnet vd
    gateway 192.0.2.1
  subnet: zd-198.51.100.0-24
    vnet ve
    gateway 198.51.100.1
`);

function config(files: Readonly<Record<string, string>>): SdnConfig {
  const r = decodeFiles(files);
  assert.ok(r.config, JSON.stringify(r.issues));
  return r.config;
}

describe('agent: dnsmasq files', () => {
  test('a removed VNet loses its 10-<vnet>.conf; a zone without DHCP loses its files; an operator file stays', async () => {
    await withTempDirAsync(async (root) => {
      // pre-flight checks run commands: every one answers as on a healthy node
      const host = nodeHost(root, { run: () => Promise.resolve({ code: 0, stdout: '', stderr: '' }) });
      const reloaded: string[] = [];
      const pass = async (c: SdnConfig) => {
        const r = await applyPass({ host, nodename: nodeName('pve1'), config: c, facts: { nodename: nodeName('pve1'), routeSource: null, bridgePorts: {} }, frr: frrPaths(), reloader: async (s) => (reloaded.push(serviceName(s)), null), log: () => {}, dhcpHosts: () => [] });
        assert.equal(r.outcome?.error, undefined, JSON.stringify(r.issues));
        return r.outcome?.changed ?? [];
      };
      const at = (path: string) => join(root, path);

      await pass(config({ 'zones.cfg': ZONE_DHCP, 'vnets.cfg': TWO_VNETS, 'subnets.cfg': SUBNETS }));
      assert.ok(existsSync(at('etc/dnsmasq.d/zd/10-ve.conf')));
      mkdirSync(at('etc/dnsmasq.d/zd'), { recursive: true });
      writeFileSync(at('etc/dnsmasq.d/zd/50-operator.conf'), 'log-dhcp\n');

      reloaded.length = 0;
      const oneVnet = { 'zones.cfg': ZONE_DHCP, 'vnets.cfg': cfg('vnet: vd\nzone zd'), 'subnets.cfg': cfg('subnet: zd-192.0.2.0-24\nvnet vd\ngateway 192.0.2.1') };
      const changed = await pass(config(oneVnet));
      assert.ok(changed.includes('/etc/dnsmasq.d/zd/10-ve.conf'), changed.join(' '));
      assert.equal(existsSync(at('etc/dnsmasq.d/zd/10-ve.conf')), false);
      assert.ok(existsSync(at('etc/dnsmasq.d/zd/10-vd.conf')));
      assert.ok(reloaded.includes('dnsmasq@zd'), reloaded.join(' '));

      reloaded.length = 0;
      await pass(config({ ...oneVnet, 'zones.cfg': cfg('simple: zd\nipam pve') }));
      for (const gone of ['etc/default/dnsmasq.zd', 'etc/dnsmasq.d/zd/00-default.conf', 'etc/dnsmasq.d/zd/10-vd.conf', 'etc/dnsmasq.d/zd/ethers']) {
        assert.equal(existsSync(at(gone)), false, `${gone} is removed`);
      }
      assert.equal(readFileSync(at('etc/dnsmasq.d/zd/50-operator.conf'), 'utf8'), 'log-dhcp\n');
      // the bridge is unchanged (the gateway stays): only the instance stops
      assert.deepEqual(reloaded, ['dnsmasq-retired@zd']);

      // nothing left to do: a further pass changes nothing
      reloaded.length = 0;
      assert.deepEqual(await pass(config({ ...oneVnet, 'zones.cfg': cfg('simple: zd\nipam pve') })), []);
    });
  });

  test('a served zone is enabled and restarted, a retired one disabled and stopped', async () => {
    const calls: string[][] = [];
    const runner: CommandRunner = { run: (cmd, args) => (calls.push([cmd, ...args]), Promise.resolve({ code: 0, stdout: '', stderr: '' })) };
    const reload = systemReloader(nodeHost('/', runner), frrPaths());
    assert.equal(await reload({ kind: 'dnsmasq', zone: 'zd' }), null);
    assert.equal(await reload({ kind: 'dnsmasq-retired', zone: 'zd' }), null);
    assert.deepEqual(calls, [
      ['systemctl', 'enable', 'dnsmasq@zd'],
      ['systemctl', 'restart', 'dnsmasq@zd'],
      ['systemctl', 'disable', '--now', 'dnsmasq@zd'],
    ]);
    const failing: CommandRunner = { run: () => Promise.resolve({ code: 5, stdout: '', stderr: 'Unit dnsmasq@zd.service not found.' }) };
    assert.match((await systemReloader(nodeHost('/', failing), frrPaths())({ kind: 'dnsmasq', zone: 'zd' })) ?? '', /systemctl enable dnsmasq@zd exited 5: Unit dnsmasq@zd.service not found/);
  });
});
