/**
 * Two sites joined by a WireGuard fabric, an EVPN zone on top (the seed's
 * two-cluster story: roz with a public endpoint, wro behind a dynamic address
 * dialing in). The config validates; each site gets its WireGuard config, the
 * interfaces with the tunnel and its routes, and an frr.conf whose EVPN
 * sessions run between the fabric addresses; Debian's wg and FRR accept them.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EMPTY_INTERFACES } from '../../src/config/interfaces.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import { renderNode, type NodeFiles } from '../../src/render/node-files.js';
import { wireguardPublicKey } from '../../src/model/wireguard-key.js';
import { newPrivateKey } from '../../src/sdn/wireguard-keys.js';
import { vtyshDryRun } from '../support/frr.js';
import { cfg, decodeFiles } from '../support/sdn-dir.js';
import { wireguardConf } from '../support/node-files.js';
import { needs } from '../support/system.js';
import { withTempDir } from '../support/weft.js';
import { wgParses } from '../support/wireguard.js';
import { nodeName } from '../support/node-name.js';

interface Site {
  readonly config: SdnConfig;
  readonly files: ReadonlyMap<string, NodeFiles>;
  readonly privateKeys: readonly string[];
}

/** Fresh keys, as the API generates them when the interfaces are defined. */
function twoSites(): Site {
  const priv = { roz: newPrivateKey(), wro: newPrivateKey() };
  const pub = { roz: wireguardPublicKey(priv.roz), wro: wireguardPublicKey(priv.wro) };
  const keysOf = (node: 'roz' | 'wro') => (iface: string) => (iface === 'wg0' ? priv[node] : undefined);
  const r = decodeFiles({
    'fabrics.cfg': cfg(`
      wireguard_fabric: sites
        ip_prefix 10.255.0.0/24
        persistent_keepalive 25
      wireguard_node: sites_roz
        role internal
        endpoint 203.0.113.10
        ip 10.255.0.1
        allowed_ips 10.1.0.0/16
        interfaces name=wg0,listen_port=51820,public_key=${pub.roz},ip=10.1.0.1/16
        peers type=internal,node=wro,node_iface=wg0,iface=wg0
      wireguard_node: sites_wro
        role internal
        ip 10.255.0.2
        allowed_ips 10.2.0.0/16
        interfaces name=wg0,listen_port=51820,public_key=${pub.wro},ip=10.2.0.1/16
        peers type=internal,node=roz,node_iface=wg0,iface=wg0
    `),
    'controllers.cfg': cfg('evpn: evpnctl\n asn 65000\n fabric sites'),
    'zones.cfg': cfg('evpn: sdn\n controller evpnctl\n vrf-vxlan 10000\n mac BC:24:11:00:00:01'),
    'vnets.cfg': cfg('vnet: vroz\n zone sdn\n tag 101\nvnet: vwro\n zone sdn\n tag 102'),
    'subnets.cfg': cfg('subnet: sdn-10.1.1.0-24\n vnet vroz\n gateway 10.1.1.1\nsubnet: sdn-10.2.1.0-24\n vnet vwro\n gateway 10.2.1.1'),
  });
  assert.deepEqual(r.issues, []);
  const config = r.config as SdnConfig;
  const files = new Map<string, NodeFiles>();
  for (const node of ['roz', 'wro'] as const) {
    files.set(node, renderNode({ config, facts: { nodename: nodeName(node), routeSource: null, bridgePorts: {} }, interfaces: EMPTY_INTERFACES, wireguardKeys: keysOf(node) }));
  }
  const privateKeys = [priv.roz, priv.wro];
  return { config, files, privateKeys };
}

const site = (s: Site, node: string) => s.files.get(node) as NodeFiles;

describe('two sites over WireGuard with an EVPN zone on top', () => {
  test('each site renders its tunnel, its routes and the overlay, without warnings', () => {
    const s = twoSites();
    const roz = site(s, 'roz');
    const wro = site(s, 'wro');
    assert.deepEqual([...roz.warnings, ...wro.warnings], []);

    // roz cannot reach wro (dynamic address): no Endpoint; wro dials roz and keeps the NAT open
    assert.match(wireguardConf(roz, 'wg0') ?? '', /\n\[Peer\]\nPublicKey = \S+\nAllowedIPs = 10\.255\.0\.2\/32, 10\.2\.0\.1\/32, 10\.2\.0\.0\/16\nPersistentKeepalive = 25\n$/);
    assert.match(wireguardConf(wro, 'wg0') ?? '', /\n\[Peer\]\nPublicKey = \S+\nAllowedIPs = 10\.255\.0\.1\/32, 10\.1\.0\.1\/32, 10\.1\.0\.0\/16\nEndpoint = 203\.0\.113\.10:51820\nPersistentKeepalive = 25\n$/);

    for (const [node, peerNet] of [['roz', '10.2'], ['wro', '10.1']] as const) {
      const files = site(s, node);
      assert.match(files.sdn, new RegExp(`\\tpost-up ip route replace ${peerNet}\\.0\\.0/16 dev wg0\\n`));
      assert.match(files.sdn, /auto dummy_sites\niface dummy_sites inet static\n\taddress 10\.255\.0\.[12]\/32\n\tlink-type dummy\n/);
      const local = node === 'roz' ? '10.255.0.1' : '10.255.0.2';
      const remote = node === 'roz' ? '10.255.0.2' : '10.255.0.1';
      assert.match(files.sdn, new RegExp(`auto vxlan_vroz\\niface vxlan_vroz\\n\\tvxlan-id 101\\n\\tvxlan-local-tunnelip ${local.replace(/\./g, '\\.')}\\n`));
      assert.match(files.frr ?? '', new RegExp(`router bgp 65000\\n bgp router-id ${local.replace(/\./g, '\\.')}\\n`));
      assert.match(files.frr ?? '', new RegExp(` neighbor VTEP update-source dummy_sites\\n neighbor ${remote.replace(/\./g, '\\.')} peer-group VTEP\\n`));
    }
  });

  test('private keys are only in the WireGuard files', () => {
    const s = twoSites();
    for (const key of s.privateKeys) {
      assert.ok(key.length === 44);
      for (const node of ['roz', 'wro']) {
        const f = site(s, node);
        assert.ok(!f.sdn.includes(key) && !(f.frr ?? '').includes(key));
      }
      assert.ok([wireguardConf(site(s, 'roz'), 'wg0'), wireguardConf(site(s, 'wro'), 'wg0')].some((t) => t?.includes(`PrivateKey = ${key}\n`)));
    }
  });

  test("Debian's wg parses both WireGuard files", { skip: needs({ root: true, commands: ['wg', 'ip'] }) }, () => {
    withTempDir((dir) => {
      const s = twoSites();
      for (const node of ['roz', 'wro']) {
        const file = join(dir, `${node}-wg0.conf`);
        writeFileSync(file, wireguardConf(site(s, node), 'wg0') ?? '');
        const r = wgParses(file);
        assert.ok(r.ok, r.output);
      }
    });
  });

  test("FRR's dry run accepts both frr.conf files", { skip: needs({ commands: ['vtysh'] }) }, () => {
    withTempDir((dir) => {
      const s = twoSites();
      for (const node of ['roz', 'wro']) {
        const file = join(dir, `${node}-frr.conf`);
        writeFileSync(file, site(s, node).frr ?? '');
        assert.deepEqual(vtyshDryRun(file).problems, []);
      }
    });
  });
});
