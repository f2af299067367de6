/**
 * The agent's WireGuard part under a temp root: each interface's config is
 * written 0600 (its directory 0700) with the node's key, stale configs go, a
 * missing key fails the pass before anything is written, and the reload of a
 * changed config syncs a running device with `wg syncconf`. The kernel here
 * has no WireGuard, so the reload is checked with a recording runner.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { nodeHost } from '../../src/agent/host.js';
import { frrPaths } from '../../src/agent/node-plan.js';
import { applyPass, type PassInput } from '../../src/agent/once.js';
import { systemReloader } from '../../src/agent/reload.js';
import type { CommandResult, CommandRunner } from '../../src/agent/runner.js';
import { staleWireguardFiles } from '../../src/agent/wireguard.js';
import { EMPTY_INTERFACES } from '../../src/config/interfaces.js';
import { renderWireguardConfigs } from '../../src/fabrics/wireguard-config.js';
import { serviceName, type Service } from '../../src/ir/node-file.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import { wireguardPublicKey } from '../../src/model/wireguard-key.js';
import { renderNode } from '../../src/render/node-files.js';
import { newPrivateKey } from '../../src/sdn/wireguard-keys.js';
import { cfg, decodeFiles, ONE_NODE_OPENFABRIC } from '../support/sdn-dir.js';
import { withTempDirAsync } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

const KEYS = { pve1: newPrivateKey(), pve2: newPrivateKey() };
const FABRICS = cfg(`
  wireguard_fabric: wg
  wireguard_node: wg_pve1
    role internal
    endpoint 203.0.113.10
    interfaces name=wg0,listen_port=51820,public_key=${wireguardPublicKey(KEYS.pve1)},ip=10.1.0.1/16
    peers type=internal,node=pve2,node_iface=wg0,iface=wg0
  wireguard_node: wg_pve2
    role internal
    interfaces name=wg0,listen_port=51820,public_key=${wireguardPublicKey(KEYS.pve2)},ip=10.2.0.1/16
    peers type=internal,node=pve1,node_iface=wg0,iface=wg0
`);
const CONF = '/etc/wireguard/proxmox/wg0.conf';
const WG0: Service = { kind: 'wireguard', iface: 'wg0' };
const facts = { nodename: nodeName('pve1'), routeSource: null, bridgePorts: {} };

function configOf(fabrics: string): SdnConfig {
  const r = decodeFiles({ 'fabrics.cfg': fabrics });
  assert.ok(r.config, JSON.stringify(r.issues));
  return r.config;
}

/** A pass that writes only (no reload: no programs needed), keys from a counting source. */
function pass(root: string, config: SdnConfig, keys: () => Promise<ReadonlyMap<string, string>>): Promise<Awaited<ReturnType<typeof applyPass>>> {
  const input: PassInput = { host: nodeHost(root, { run: () => Promise.reject(new Error('no commands in this test')) }), nodename: nodeName('pve1'), config, facts, frr: frrPaths(), reloader: null, log: () => {}, wireguardKeys: keys };
  return applyPass(input);
}

describe('agent: WireGuard configs', () => {
  test('a pass writes the config 0600 in a 0700 directory, as render makes it, and removes stale ones', async () => {
    await withTempDirAsync(async (root) => {
      mkdirSync(join(root, 'etc/wireguard/proxmox'), { recursive: true });
      writeFileSync(join(root, 'etc/wireguard/proxmox/wg9.conf'), '[Interface]\n');
      writeFileSync(join(root, 'etc/wireguard/proxmox/notes.txt'), 'not ours to judge\n');
      const config = configOf(FABRICS);
      const r = await pass(root, config, async () => new Map([['wg0', KEYS.pve1]]));
      assert.equal(r.outcome?.error, undefined, JSON.stringify(r.issues));
      const written = join(root, CONF);
      assert.equal(readFileSync(written, 'utf8'), renderWireguardConfigs(config.fabrics, 'pve1', () => KEYS.pve1).files.get('wg0'));
      assert.match(readFileSync(written, 'utf8'), new RegExp(`^\\[Interface\\]\\nPrivateKey = ${KEYS.pve1.replace(/[+/]/g, '\\$&')}\\n`));
      assert.equal(statSync(written).mode & 0o777, 0o600);
      assert.equal(existsSync(join(root, 'etc/wireguard/proxmox/wg9.conf')), false, 'stale config removed');
      assert.equal(existsSync(join(root, 'etc/wireguard/proxmox/notes.txt')), true);
      assert.deepEqual([...(r.outcome?.changed ?? [])].filter((p) => p.startsWith('/etc/wireguard')).sort(), [CONF, '/etc/wireguard/proxmox/wg9.conf']);
    });
  });

  test('a new directory for the configs is created 0700', async () => {
    await withTempDirAsync(async (root) => {
      await pass(root, configOf(FABRICS), async () => new Map([['wg0', KEYS.pve1]]));
      assert.equal(statSync(join(root, 'etc/wireguard/proxmox')).mode & 0o777, 0o700);
      assert.equal(statSync(join(root, 'etc/wireguard')).mode & 0o777, 0o700);
    });
  });

  test('a missing key, or keys that cannot be read, fail the pass before anything is written', async () => {
    await withTempDirAsync(async (root) => {
      const missing = await pass(root, configOf(FABRICS), async () => new Map());
      assert.equal(missing.outcome, null);
      assert.deepEqual(missing.issues.filter((i) => i.severity === 'error').map((i) => i.message), ["no private key for interface 'wg0' of node 'pve1' (wg-keys.cfg)"]);
      const failing = await pass(root, configOf(FABRICS), () => Promise.reject(new Error('403 Permission check failed')));
      assert.equal(failing.outcome, null);
      assert.deepEqual(failing.issues.filter((i) => i.severity === 'error').map((i) => i.message), [
        "cannot read this node's WireGuard keys: 403 Permission check failed",
        "no private key for interface 'wg0' of node 'pve1' (wg-keys.cfg)",
      ]);
      assert.equal(existsSync(join(root, 'etc/network/interfaces.d/sdn')), false, 'nothing written');
    });
  });

  test('a node without WireGuard interfaces never asks for keys', async () => {
    await withTempDirAsync(async (root) => {
      let asked = 0;
      const r = await pass(root, configOf(ONE_NODE_OPENFABRIC.replace(/_pve\b/, '_pve1')), async () => (asked++, new Map()));
      assert.equal(r.outcome?.error, undefined, JSON.stringify(r.issues));
      assert.equal(asked, 0);
    });
  });

  test('each config is its own service, wireguard@<iface>; a rendered one is not stale', () => {
    const host = nodeHost('/nonexistent-root', { run: () => Promise.reject(new Error('unused')) });
    const files = renderNode({ config: configOf(FABRICS), facts, interfaces: EMPTY_INTERFACES, wireguardKeys: () => KEYS.pve1 }).files;
    const wireguard = files.filter((f) => f.service.kind === 'wireguard');
    assert.deepEqual(wireguard.map((f) => [f.path, f.mode, serviceName(f.service)]), [[CONF, 0o600, 'wireguard@wg0']]);
    assert.deepEqual(staleWireguardFiles(host, files), []);
  });
});

/** Records commands; `ip link show dev <iface>` succeeds for the devices in `up`. */
function recorder(up: readonly string[], syncResult: CommandResult = { code: 0, stdout: '', stderr: '' }): CommandRunner & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    run(cmd, args) {
      calls.push([cmd, ...args]);
      if (cmd === 'ip') return Promise.resolve({ code: up.includes(String(args[3])) ? 0 : 1, stdout: '', stderr: 'Device does not exist.' });
      return Promise.resolve(syncResult);
    },
  };
}

describe('agent: WireGuard reload (recording runner: this kernel has no WireGuard)', () => {
  test('a running device takes the new config with wg syncconf; no systemd involved', async () => {
    await withTempDirAsync(async (root) => {
      mkdirSync(join(root, 'etc/wireguard/proxmox'), { recursive: true });
      writeFileSync(join(root, CONF), '[Interface]\n');
      const runner = recorder(['wg0']);
      assert.equal(await systemReloader(nodeHost(root, runner), frrPaths())(WG0), null);
      assert.deepEqual(runner.calls[0], ['ip', 'link', 'show', 'dev', 'wg0']);
      // under a root, wg runs where the root's /etc/wireguard is bound over the system's
      const sync = runner.calls[1] ?? [];
      assert.equal(sync[0], 'unshare');
      assert.deepEqual(sync.slice(-4), ['wg', 'syncconf', 'wg0', CONF]);
      assert.ok(!runner.calls.some((c) => c[0] === 'systemctl'));
    });
  });

  test('a device not up yet (ifupdown2 creates and loads it) or a removed config need nothing; a failed sync is the reason', async () => {
    await withTempDirAsync(async (root) => {
      mkdirSync(join(root, 'etc/wireguard/proxmox'), { recursive: true });
      writeFileSync(join(root, CONF), '[Interface]\n');
      const down = recorder([]);
      assert.equal(await systemReloader(nodeHost(root, down), frrPaths())(WG0), null);
      assert.deepEqual(down.calls, [['ip', 'link', 'show', 'dev', 'wg0']]);
      const removed = recorder(['wg1']);
      assert.equal(await systemReloader(nodeHost(root, removed), frrPaths())({ kind: 'wireguard', iface: 'wg1' }), null);
      assert.deepEqual(removed.calls, []);
      const failing = recorder(['wg0'], { code: 1, stdout: '', stderr: 'Line unrecognized: `Bogus=1`\nConfiguration parsing error' });
      assert.equal(await systemReloader(nodeHost(root, failing), frrPaths())(WG0), 'wg syncconf wg0 exited 1: Line unrecognized: `Bogus=1` | Configuration parsing error');
    });
  });
});
