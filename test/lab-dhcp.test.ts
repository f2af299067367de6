/**
 * DHCP for real: a guest NIC gets its address from the built-in IPAM, Weft
 * renders the node's files (`weft render --ipam`), ifupdown2 brings the VNet
 * up in the node's namespace, Debian's dnsmasq runs on exactly the rendered
 * files (mounted at their real paths in a private mount namespace), and a
 * guest namespace's DHCP clients (busybox udhcpc; dhclient -6 for DHCPv6;
 * hook scripts that only touch the guest's eth0) get the IPAM addresses,
 * IPv4 and IPv6. A MAC without a
 * reservation gets nothing until the lifecycle service allocates it and the
 * reservations are refreshed (ethers re-rendered, dnsmasq sent SIGHUP).
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseInterfaces } from '../src/config/interfaces.js';
import { dhcpHostsOf } from '../src/ipam/dhcp-hosts.js';
import { addGuestNic } from '../src/ipam/guest-nic.js';
import { PveIpamStore } from '../src/ipam/pve-store.js';
import { PveIpam } from '../src/ipam/pve.js';
import { configBackends, type IpServiceDeps } from '../src/ipam/service-context.js';
import type { SdnConfig } from '../src/sections/sdn-config.js';
import { renderNode } from '../src/render/node-files.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { loadConfigDir } from '../src/cli/load-config.js';
import { Lab, OVERLAY, type LabNode } from './support/lab.js';
import { needs } from './support/system.js';
import { weft } from './support/weft.js';
import { nodeName } from './support/node-name.js';

const skip = needs({ root: true, commands: ['ifup', 'unshare', 'dnsmasq', 'udhcpc', 'dhclient', 'mount'] });

const ZONE = 'zdh';
const MAC1 = '02:00:00:00:dd:01';
const MAC2 = '02:00:00:00:dd:02';
const V6 = '2001:db8:dd';

// configures only the guest's own eth0 (it runs inside the guest namespace); never touches resolv.conf
const UDHCPC_SCRIPT = `#!/bin/sh
case "$1" in
  deconfig) ip -4 addr flush dev "$interface"; ip link set "$interface" up ;;
  bound|renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/$subnet" dev "$interface"
    [ -n "$router" ] && ip route replace default via "\${router%% *}" dev "$interface"
    ;;
esac
exit 0
`;

// dhclient -6 hook: the guest's own eth0 only, never resolv.conf
const DHCLIENT6_SCRIPT = `#!/bin/sh
case "$reason" in
  BOUND6|RENEW6|REBIND6|REBOOT6) ip -6 addr replace "$new_ip6_address/128" dev "$interface" ;;
esac
exit 0
`;

describe('a guest gets its IPAM address from the rendered dnsmasq', { skip }, () => {
  let lab: Lab;
  let node: LabNode;
  let store: PveIpamStore;
  let deps: IpServiceDeps;
  let dnsmasq: ChildProcess | null = null;
  let cfgDir: string;
  let out: string;
  const files = {
    'zones.cfg': `simple: ${ZONE}\n\tipam pve\n\tdhcp dnsmasq\n\n`,
    'vnets.cfg': 'vnet: vdh\n\tzone zdh\n\n',
    'subnets.cfg':
      `subnet: ${ZONE}-${OVERLAY}.0-24\n\tvnet vdh\n\tgateway ${OVERLAY}.1\n\tdhcp-range start-address=${OVERLAY}.100,end-address=${OVERLAY}.150\n\n` +
      `subnet: ${ZONE}-${V6}::-64\n\tvnet vdh\n\tgateway ${V6}::1\n\tdhcp-range start-address=${V6}::100,end-address=${V6}::1ff\n\n`,
  };

  const udhcpc = (ns: string, tries: number) =>
    spawnSync('ip', ['netns', 'exec', ns, 'udhcpc', '-i', 'eth0', '-f', '-q', '-n', '-t', String(tries), '-T', '1', '-s', join(lab.dir, 'udhcpc.script')], { encoding: 'utf8', timeout: 30_000 });
  const addrOf = (ns: string) => spawnSync('ip', ['-n', ns, '-4', '-o', 'addr', 'show', 'dev', 'eth0'], { encoding: 'utf8' }).stdout;

  /** What the node agent does when reservations change: re-render, write what changed, SIGHUP dnsmasq. */
  async function refreshReservations(config: SdnConfig): Promise<void> {
    const hosts = await store.read((db) => dhcpHostsOf(db));
    const rendered = renderNode({ config, facts: { nodename: nodeName(node.name), routeSource: null, bridgePorts: {} }, interfaces: parseInterfaces(readFileSync(join(node.etcNetwork, 'interfaces'), 'utf8')), dhcpHosts: hosts });
    for (const f of rendered.files) if (f.content !== null) writeFileAtomic(join(out, f.path), f.content);
    const pid = Number(readFileSync(join(lab.dir, 'dnsmasq.pid'), 'utf8').trim());
    process.kill(pid, 'SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  before(async () => {
    lab = new Lab('dh');
    node = lab.addNode(1);
    cfgDir = join(lab.dir, 'cfg');
    out = join(lab.dir, 'out');
    mkdirSync(cfgDir, { recursive: true });
    for (const [f, text] of Object.entries(files)) writeFileSync(join(cfgDir, f), text);
    writeFileSync(join(lab.dir, 'udhcpc.script'), UDHCPC_SCRIPT);
    chmodSync(join(lab.dir, 'udhcpc.script'), 0o755);
    writeFileSync(join(lab.dir, 'dhclient6.script'), DHCLIENT6_SCRIPT);
    chmodSync(join(lab.dir, 'dhclient6.script'), 0o755);
    const decoded = loadConfigDir(cfgDir);
    const config = decoded.config;
    assert.ok(config, decoded.issues.map((i) => i.message).join('\n'));
    store = new PveIpamStore({ path: join(lab.dir, 'pve-ipam-state.json') });
    deps = { config: () => config, ...configBackends(() => config, { pve: new PveIpam(store) }), dhcp: { reservationsChanged: () => refreshReservations(config) } };
  });
  after(async () => {
    dnsmasq?.kill('SIGTERM');
    await store?.close();
    lab?.destroy();
  });

  test('render, bring up, serve: the reserved MAC gets its address, an unknown one nothing', async () => {
    const nic = await addGuestNic({ ...deps, dhcp: undefined }, { vnet: 'vdh', mac: MAC1, hostname: 'g1', vmid: 101 });
    assert.equal(nic.ip4?.text, `${OVERLAY}.100`, 'first address of the DHCP range');
    assert.equal(nic.ip6?.text, `${V6}::100`, 'and of the IPv6 one');
    await store.flush();

    const facts = join(lab.dir, 'facts.json');
    writeFileSync(facts, JSON.stringify({ nodename: node.name, routeSource: { ip: node.address, iface: 'vmbr0' }, bridgePorts: { vmbr0: ['eth0'] } }));
    const r = weft(['render', '--config-dir', cfgDir, '--facts', facts, '--interfaces', join(node.etcNetwork, 'interfaces'), '--ipam', store.path, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(join(node.etcNetwork, 'interfaces.d', 'sdn'), readFileSync(join(out, 'sdn'), 'utf8'));
    const upped = lab.ifupdown(node, ['ifup', '-a']);
    assert.equal(upped.status, 0, upped.output);
    assert.equal(readFileSync(join(out, 'etc/dnsmasq.d', ZONE, 'ethers'), 'utf8'), `${MAC1},${OVERLAY}.100,[${V6}::100]\n`);

    // start dnsmasq as Debian's dnsmasq@zdh unit would, from the rendered /etc/default/dnsmasq.zdh,
    // with /etc/dnsmasq.d and /var/lib/misc of this node mounted from the lab
    const defaults = readFileSync(join(out, 'etc/default', `dnsmasq.${ZONE}`), 'utf8');
    const configDir = /^CONFIG_DIR='([^']+)'$/m.exec(defaults)?.[1];
    const opts = /^DNSMASQ_OPTS="([^"]*)"$/m.exec(defaults)?.[1];
    assert.ok(configDir && opts !== undefined, defaults);
    for (const d of ['etc-upper', 'etc-work', 'misc']) mkdirSync(join(lab.dir, d), { recursive: true });
    const script = [
      'set -e',
      'mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1/etc-upper,workdir=$1/etc-work" /etc',
      'mkdir -p /etc/dnsmasq.d',
      'mount --bind "$1/out/etc/dnsmasq.d" /etc/dnsmasq.d',
      'mount --bind "$1/misc" /var/lib/misc',
      // --no-resolv: the lab's dnsmasq never forwards DNS anywhere
      `exec dnsmasq --keep-in-foreground --pid-file="$1/dnsmasq.pid" --conf-dir="${configDir}" ${opts} --no-resolv --log-facility="$1/dnsmasq.log" --log-dhcp`,
    ].join('\n');
    dnsmasq = spawn('ip', ['netns', 'exec', node.ns, 'unshare', '-m', 'sh', '-c', script, 'sh', lab.dir], { stdio: 'ignore' });
    for (let i = 0; i < 50 && !existsSync(join(lab.dir, 'dnsmasq.pid')); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(existsSync(join(lab.dir, 'dnsmasq.pid')), `dnsmasq did not start: ${existsSync(join(lab.dir, 'dnsmasq.log')) ? readFileSync(join(lab.dir, 'dnsmasq.log'), 'utf8') : ''}`);

    const g1 = lab.addGuest(node, 'vdh', 'g1', null, { mac: MAC1, mtu: 1500 });
    const got = udhcpc(g1, 3);
    assert.equal(got.status, 0, `udhcpc: ${got.stdout}${got.stderr}\n${readFileSync(join(lab.dir, 'dnsmasq.log'), 'utf8')}`);
    assert.match(addrOf(g1), new RegExp(`inet ${OVERLAY.replace(/\./g, '\\.')}\\.100/24`));
    assert.match(spawnSync('ip', ['-n', g1, 'route', 'show', 'default'], { encoding: 'utf8' }).stdout, new RegExp(`via ${OVERLAY}\\.1`), 'router option from the subnet gateway');
    assert.ok(lab.reaches(g1, `${OVERLAY}.1`), 'the guest reaches its gateway with the leased address');
    assert.match(readFileSync(join(lab.dir, 'misc', `dnsmasq.${ZONE}.leases`), 'utf8'), new RegExp(`${MAC1} ${OVERLAY}\\.100`), 'lease recorded in the zone lease file');

    // DHCPv6: dnsmasq finds the MAC in the client's DUID (dhclient uses DUID-LLT)
    // dhclient binds to the link-local address: wait until duplicate address detection is over
    for (let i = 0; i < 60 && /tentative/.test(spawnSync('ip', ['-n', g1, '-6', 'addr', 'show', 'dev', 'eth0'], { encoding: 'utf8' }).stdout); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const v6 = spawnSync(
      'ip',
      ['netns', 'exec', g1, 'dhclient', '-6', '-1', '-v', '-sf', join(lab.dir, 'dhclient6.script'), '-pf', join(lab.dir, 'dhclient6.pid'), '-lf', join(lab.dir, 'dhclient6.leases'), 'eth0'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (existsSync(join(lab.dir, 'dhclient6.pid'))) spawnSync('kill', [readFileSync(join(lab.dir, 'dhclient6.pid'), 'utf8').trim()]);
    assert.match(spawnSync('ip', ['-n', g1, '-6', '-o', 'addr', 'show', 'dev', 'eth0'], { encoding: 'utf8' }).stdout, new RegExp(`inet6 ${V6}::100/128`), `dhclient -6: ${v6.stdout}${v6.stderr}`);

    const g2 = lab.addGuest(node, 'vdh', 'g2', null, { mac: MAC2, mtu: 1500 });
    assert.notEqual(udhcpc(g2, 2).status, 0, 'a MAC the IPAM has no reservation for gets no lease');
  });

  test('a NIC added later gets a lease once its reservation is refreshed', async () => {
    const nic = await addGuestNic(deps, { vnet: 'vdh', mac: MAC2, hostname: 'g2', vmid: 102 });
    assert.equal(nic.ip4?.text, `${OVERLAY}.101`);
    assert.equal(nic.ip6?.text, `${V6}::101`);
    const got = udhcpc(lab.ns('g2'), 3);
    assert.equal(got.status, 0, `udhcpc: ${got.stdout}${got.stderr}`);
    assert.match(addrOf(lab.ns('g2')), new RegExp(`inet ${OVERLAY.replace(/\./g, '\\.')}\\.101/24`));
  });
});
