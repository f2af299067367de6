import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EMPTY_INTERFACES } from '../../src/config/interfaces.js';
import { parseWireguardKeys, writeWireguardKeys } from '../../src/config/wg-keys.js';
import { renderWireguardConfigs } from '../../src/fabrics/wireguard-config.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import { wireguardPublicKey } from '../../src/model/wireguard-key.js';
import { renderNode } from '../../src/render/node-files.js';
import { parseSectionConfig } from '../../src/config/section-config.js';
import { fileWrite, loadState } from '../../src/sdn/state.js';
import { pruneWireguardKeys, withWireguardKeys } from '../../src/sdn/wireguard-keys.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { wireguardIfaces } from '../support/node-files.js';
import { cfg, decodeFiles } from '../support/sdn-dir.js';
import { needs } from '../support/system.js';
import { wgParses } from '../support/wireguard.js';
import { weft, withTempDir, withTempDirAsync } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

const PRIVATE = 'qGXl+84iE1teMyQeL1DgkuLivKKYasx6fOYqBfr3QEI=';
const KEY_PVE1 = 'GDPUAnPOY5xGIjYXmcGyXZXbocjBr21dGQ5vwnjmdzA=';
const KEY_PVE2 = 'y0kOpXfo9ff4KoUwO3H1cRuwObbKwsK8mAkwXxNvKUc=';
const KEY_EXT = 'O+Kzrochm6klMILjSKVw83xb3YyXXLpmZj9n/ICM5xE=';

/** The reference's WireGuard example (proxmox-ve-config `sdn::wireguard` tests). */
const REFERENCE = cfg(`
  wireguard_fabric: wireg
  wireguard_node: wireg_external
    role external
    endpoint 192.0.2.1:123
    allowed_ips 198.51.0.123/32
    public_key ${KEY_EXT}
  wireguard_node: wireg_pve1
    role internal
    endpoint 192.0.2.2
    allowed_ips 203.0.113.0/25
    interfaces name=wg0,listen_port=51111,public_key=${KEY_PVE1},ip=198.51.100.1/24
    peers type=internal,node=pve2,node_iface=wg0,iface=wg0
  wireguard_node: wireg_pve2
    role internal
    endpoint 192.0.2.3
    interfaces name=wg0,listen_port=51111,public_key=${KEY_PVE2}
    peers type=internal,node=pve1,node_iface=wg0,iface=wg0
    peers type=external,node=external,iface=wg0
`);

function configOf(text: string): SdnConfig {
  const r = decodeFiles({ 'fabrics.cfg': text });
  assert.ok(r.config, r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.config;
}
const allKeys = () => PRIVATE;

describe('WireGuard configs', () => {
  test('the reference example renders the reference files', () => {
    const config = configOf(REFERENCE);
    assert.equal(
      renderWireguardConfigs(config.fabrics, 'pve1', allKeys).files.get('wg0'),
      `[Interface]\nPrivateKey = ${PRIVATE}\nListenPort = 51111\n\n[Peer]\nPublicKey = ${KEY_PVE2}\nEndpoint = 192.0.2.3:51111\n`,
    );
    assert.equal(
      renderWireguardConfigs(config.fabrics, 'pve2', allKeys).files.get('wg0'),
      `[Interface]\nPrivateKey = ${PRIVATE}\nListenPort = 51111\n\n` +
        `[Peer]\nPublicKey = ${KEY_PVE1}\nAllowedIPs = 198.51.100.1/32, 203.0.113.0/25\nEndpoint = 192.0.2.2:51111\n\n` +
        `[Peer]\nPublicKey = ${KEY_EXT}\nAllowedIPs = 198.51.0.123/32\nEndpoint = 192.0.2.1:123\n`,
    );
  });

  test('keepalive, endpoint overrides (with a NAT port), IPv6 endpoints, router addresses as host routes', () => {
    const config = configOf(
      cfg(`
        wireguard_fabric: wg
          persistent_keepalive 25
          ip_prefix 10.255.0.0/24
        wireguard_node: wg_a
          role internal
          ip 10.255.0.1
          interfaces name=wg0,listen_port=51820,public_key=${KEY_PVE1},ip=10.1.0.1/16
          peers type=internal,node=b,node_iface=wg0,iface=wg0,endpoint=b.example.org:4500
        wireguard_node: wg_b
          role internal
          endpoint 2001:db8::2
          ip 10.255.0.2
          interfaces name=wg0,listen_port=51821,public_key=${KEY_PVE2},ip=10.2.0.1/16
          peers type=internal,node=a,node_iface=wg0,iface=wg0,skip_route_generation=1
          allowed_ips 10.2.0.0/16
      `),
    );
    const a = renderWireguardConfigs(config.fabrics, 'a', allKeys).files.get('wg0');
    assert.match(a ?? '', /\[Peer\]\nPublicKey = y0kO\S+\nAllowedIPs = 10\.255\.0\.2\/32, 10\.2\.0\.1\/32, 10\.2\.0\.0\/16\nEndpoint = b\.example\.org:4500\nPersistentKeepalive = 25\n$/);
    const b = renderWireguardConfigs(config.fabrics, 'b', allKeys).files.get('wg0');
    // a has no endpoint: b waits for a to dial in
    assert.match(b ?? '', /\[Peer\]\nPublicKey = GDPU\S+\nAllowedIPs = 10\.255\.0\.1\/32, 10\.1\.0\.1\/32\nPersistentKeepalive = 25\n$/);
    const c = configOf(REFERENCE.replace('endpoint 192.0.2.3', 'endpoint 2001:db8::3'));
    assert.match(renderWireguardConfigs(c.fabrics, 'pve1', allKeys).files.get('wg0') ?? '', /Endpoint = \[2001:db8::3\]:51111\n/);
  });

  test('interfaces stanza: device, config, addresses, routes for the peers’ allowed IPs (unless skipped)', () => {
    const config = configOf(
      cfg(`
        wireguard_fabric: wg
        wireguard_node: wg_a
          role internal
          interfaces name=wg0,listen_port=51820,public_key=${KEY_PVE1},ip=10.1.0.1/16,ip6_ll=1
          peers type=internal,node=b,node_iface=wg0,iface=wg0
          peers type=external,node=x,iface=wg0,skip_route_generation=1
        wireguard_node: wg_b
          role internal
          interfaces name=wg0,listen_port=51820,public_key=${KEY_PVE2},ip=10.2.0.1/16
          allowed_ips 10.2.0.0/16
        wireguard_node: wg_x
          role external
          endpoint 192.0.2.9:51820
          public_key ${KEY_EXT}
          allowed_ips 0.0.0.0/0
      `),
    );
    const files = renderNode({ config, facts: { nodename: nodeName('a'), routeSource: null, bridgePorts: {} }, interfaces: EMPTY_INTERFACES, wireguardKeys: allKeys });
    assert.equal(
      files.sdn,
      [
        '#version:1',
        '',
        'auto wg0',
        'iface wg0',
        '\taddress 10.1.0.1/16',
        '\tpre-up ip link show dev wg0 >/dev/null 2>&1 || ip link add dev wg0 type wireguard',
        '\tpre-up wg setconf wg0 /etc/wireguard/proxmox/wg0.conf',
        '\tpost-up ip address replace fe80::1833:d402:73ce:639c/64 dev wg0',
        '\tpost-up ip route replace 10.2.0.1/32 dev wg0',
        '\tpost-up ip route replace 10.2.0.0/16 dev wg0',
        '\tpost-down ip link delete dev wg0',
        '\tip-forward 1',
        '',
      ].join('\n'),
    );
    assert.deepEqual(wireguardIfaces(files), ['wg0']);
  });

  test('a missing private key is an error naming fabric, node and interface', () => {
    const config = configOf(REFERENCE);
    const r = renderWireguardConfigs(config.fabrics, 'pve1', () => undefined);
    assert.deepEqual(r.issues.map((i) => `${i.code} ${i.path}: ${i.message}`), ["missing-private-key fabrics.wireg/pve1.interfaces: no private key for interface 'wg0' of node 'pve1' (wg-keys.cfg)"]);
  });

  test("Debian's wg parses every rendered file", { skip: needs({ root: true, commands: ['wg', 'ip'] }) }, () => {
    withTempDir((dir) => {
      const config = configOf(REFERENCE);
      for (const node of ['pve1', 'pve2']) {
        const file = join(dir, `${node}.conf`);
        writeFileSync(file, renderWireguardConfigs(config.fabrics, node, allKeys).files.get('wg0') ?? '');
        const r = wgParses(file);
        assert.ok(r.ok, r.output);
      }
      writeFileSync(join(dir, 'bad.conf'), '[Interface]\nAddress = 10.0.0.1/24\n');
      assert.equal(wgParses(join(dir, 'bad.conf')).ok, false, 'the check itself must catch a bad file');
    });
  });
});

describe('WireGuard private keys', () => {
  test('wg-keys.cfg round-trips; errors never echo a key', () => {
    const text = `node: pve1\n\tprivate_keys name=wg0,key=${PRIVATE}\n\tprivate_keys name=wg1,key=${PRIVATE}\n\n`;
    const { keys, issues } = parseWireguardKeys(text);
    assert.deepEqual(issues, []);
    assert.equal(keys.get('pve1')?.get('wg1'), PRIVATE);
    assert.equal(writeWireguardKeys(keys), text);
    const bad = parseWireguardKeys('node: pve1\n\tprivate_keys name=wg0,key=c2VjcmV0LWJ1dC1zaG9ydA==\n');
    assert.equal(bad.issues.length, 1);
    assert.ok(!JSON.stringify(bad.issues).includes('c2VjcmV0'), JSON.stringify(bad.issues));
    const unindented = parseWireguardKeys(`node: pve1\nprivate_keys name=wg0,key=${PRIVATE}\n`);
    assert.deepEqual(unindented.issues.map((i) => i.message), ["section 'pve1': expected an indented '<key> <value>' line (the line is not shown: it may hold a key)"]);
  });

  test('an edit generates a key per interface (the store file is 0600), fills in the public key, drops removed interfaces', async () => {
    await withTempDirAsync(async (dir) => {
      const store = new DirectoryStore(dir);
      const edit = (fabrics: string) =>
        store.transact((snap) => {
          const state = loadState(snap);
          const sections = new Map([...parseSectionConfig('fabrics.cfg', fabrics, new Set(['interfaces', 'peers'])).sections].map((x) => [x.id, { type: x.type, values: x.values }]));
          const r = withWireguardKeys(state, sections);
          return { writes: [fileWrite('fabrics', r.sections), ...r.writes], result: null };
        });
      const node = (name: string, ifaces: readonly string[]) => `wireguard_node: wg_${name}\n\trole internal\n${ifaces.map((i) => `\tinterfaces name=${i},listen_port=5182${i.slice(-1)}\n`).join('')}`;
      await edit(`wireguard_fabric: wg\n\n${node('pve1', ['wg0', 'wg1'])}\n${node('pve2', ['wg0'])}`);
      const keysFile = join(dir, 'priv/sdn/wg-keys.cfg');
      assert.equal(statSync(keysFile).mode & 0o777, 0o600);
      const first = loadState(await store.read());
      assert.deepEqual(first.wireguardKeys.issues, []);
      const pve1 = first.wireguardKeys.keys.get('pve1');
      assert.deepEqual([...(pve1?.keys() ?? [])], ['wg0', 'wg1']);
      const pub = wireguardPublicKey(pve1?.get('wg0') ?? '');
      assert.deepEqual(first.files.fabrics.sections.get('wg_pve1')?.values.get('interfaces'), [`name=wg0,listen_port=51820,public_key=${pub}`, `name=wg1,listen_port=51821,public_key=${wireguardPublicKey(pve1?.get('wg1') ?? '')}`]);

      await edit(`wireguard_fabric: wg\n\n${node('pve1', ['wg0'])}`);
      const second = loadState(await store.read()).wireguardKeys.keys;
      assert.deepEqual([...second.keys()], ['pve1'], 'pve2 and pve1/wg1 never ran: their keys are gone');
      assert.equal(second.get('pve1')?.get('wg0'), pve1?.get('wg0'), 'an interface keeps its key');
      await store.close();
    });
  });

  test('a keys file that does not parse is never rewritten (its unreadable entries would be lost)', () => {
    const state = loadState({ revision: '1', docs: new Map([['priv/sdn/wg-keys.cfg', 'node: pve1\n\tprivate_keys name=wg0,key=bm90LWEta2V5\n']]) });
    assert.equal(state.wireguardKeys.issues.length, 1);
    const sections = new Map([['wg_pve1', { type: 'wireguard_node', values: new Map<string, string | readonly string[]>([['role', 'internal'], ['interfaces', ['name=wg0,listen_port=51820']]]) }]]);
    assert.throws(() => withWireguardKeys(state, sections), (e: Error) => /priv\/sdn\/wg-keys\.cfg does not parse, fix it first/.test(e.message) && !e.message.includes('bm90LWEta2V5'));
    assert.deepEqual(pruneWireguardKeys(state, 'pending'), [], 'apply leaves it alone');
  });

  test('public keys match `wg pubkey`', { skip: needs({ commands: ['wg'] }) }, () => {
    const priv = spawnSync('wg', ['genkey'], { encoding: 'utf8' }).stdout.trim();
    const pub = spawnSync('wg', ['pubkey'], { input: `${priv}\n`, encoding: 'utf8' }).stdout.trim();
    assert.equal(wireguardPublicKey(priv), pub);
    assert.equal(wireguardPublicKey(PRIVATE), spawnSync('wg', ['pubkey'], { input: `${PRIVATE}\n`, encoding: 'utf8' }).stdout.trim());
  });

  test('weft render --wg-keys writes the configs 0600; without the key it fails and writes nothing', () => {
    withTempDir((dir) => {
      writeFileSync(join(dir, 'fabrics.cfg'), REFERENCE);
      writeFileSync(join(dir, 'node.json'), JSON.stringify({ nodename: 'pve2' }));
      writeFileSync(join(dir, 'wg-keys.cfg'), `node: pve2\n\tprivate_keys name=wg0,key=${PRIVATE}\n`);
      const out = join(dir, 'out');
      const ok = weft(['render', '--config-dir', dir, '--facts', join(dir, 'node.json'), '--wg-keys', join(dir, 'wg-keys.cfg'), '--out', out]);
      assert.equal(ok.status, 0, ok.stderr);
      const conf = join(out, 'wireguard', 'wg0.conf');
      assert.match(readFileSync(conf, 'utf8'), /^\[Interface\]\nPrivateKey = qGXl/);
      assert.equal(statSync(conf).mode & 0o777, 0o600);
      const out2 = join(dir, 'out2');
      const failed = weft(['render', '--config-dir', dir, '--facts', join(dir, 'node.json'), '--out', out2]);
      assert.equal(failed.status, 1);
      assert.match(failed.stderr, /no private key for interface 'wg0' of node 'pve2'/);
      assert.equal(existsSync(out2), false);
    });
  });
});
