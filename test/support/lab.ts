/**
 * A network-namespace lab: an underlay bridge, node namespaces with ifupdown2
 * run in private mount namespaces (own /etc/network, /run, state dir), and
 * guest namespaces attached to VNet bridges by veth, like a container's NIC.
 * Addresses: underlay 198.51.100.0/24, overlay 203.0.113.0/24 (test nets).
 * Everything created is removed by `destroy()`, also after a failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IFUPDOWN2_CONF_DIR } from './ifupdown2.js';

export const UNDERLAY = '198.51.100';
export const OVERLAY = '203.0.113';
/** the lab's "internet": a namespace behind the nodes' uplinks (a test net, nothing leaves the lab) */
export const INTERNET = '192.0.2';

function ip(args: readonly string[]): string {
  return execFileSync('ip', [...args], { encoding: 'utf8' });
}

export interface LabNode {
  readonly name: string;
  readonly ns: string;
  /** underlay address on vmbr0 */
  readonly address: string;
  /** the node's filesystem root for /etc (an agent's --root) */
  readonly root: string;
  /** `<root>/etc/network`, bound over /etc/network when ifupdown2 runs */
  readonly etcNetwork: string;
}

export class Lab {
  readonly prefix: string;
  readonly dir: string;
  private readonly namespaces: string[] = [];
  private fabric: string | null = null;
  private internetNs: string | null = null;

  constructor(tag: string) {
    // pid keeps concurrently running test files apart
    this.prefix = `w${tag}${process.pid % 100000}`;
    this.dir = mkdtempSync(join(tmpdir(), `weft-lab-${tag}-`));
  }

  ns(name: string): string {
    return `${this.prefix}-${name}`;
  }

  private addNamespace(name: string): string {
    const ns = this.ns(name);
    ip(['netns', 'add', ns]);
    this.namespaces.push(ns);
    ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    return ns;
  }

  /** The underlay: one bridge in its own namespace, with an outside host at .1. */
  underlay(): string {
    if (this.fabric) return this.fabric;
    const ns = this.addNamespace('fabric');
    ip(['-n', ns, 'link', 'add', 'br-fabric', 'type', 'bridge']);
    ip(['-n', ns, 'link', 'set', 'br-fabric', 'up']);
    ip(['-n', ns, 'addr', 'add', `${UNDERLAY}.1/24`, 'dev', 'br-fabric']);
    this.fabric = ns;
    return ns;
  }

  /** The internet: one bridge in its own namespace holding 192.0.2.1, the default gateway of the nodes' uplinks. */
  internet(): string {
    if (this.internetNs) return this.internetNs;
    const ns = this.addNamespace('inet');
    ip(['-n', ns, 'link', 'add', 'br-inet', 'type', 'bridge']);
    ip(['-n', ns, 'link', 'set', 'br-inet', 'up']);
    ip(['-n', ns, 'addr', 'add', `${INTERNET}.1/24`, 'dev', 'br-inet']);
    this.internetNs = ns;
    return ns;
  }

  /**
   * Node `i`: namespace with eth0 on the underlay, and a private /etc/network
   * whose interfaces file puts 198.51.100.1<i>/24 on vmbr0 and sources interfaces.d.
   * With `uplink`, eth1 leads to the internet namespace (192.0.2.1<i>/24) and
   * carries the default route; the underlay then only reaches the other nodes.
   */
  addNode(i: number, opts: { uplink?: boolean } = {}): LabNode {
    const fabric = this.underlay();
    const name = `node${i}`;
    const ns = this.addNamespace(name);
    ip(['-n', fabric, 'link', 'add', `n${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    ip(['-n', fabric, 'link', 'set', `n${i}`, 'master', 'br-fabric', 'up']);
    const root = join(this.dir, name);
    const etcNetwork = join(root, 'etc', 'network');
    mkdirSync(join(etcNetwork, 'interfaces.d'), { recursive: true });
    mkdirSync(join(etcNetwork, 'ifupdown2'), { recursive: true });
    mkdirSync(join(root, 'state'), { recursive: true });
    const conf = readFileSync(join(IFUPDOWN2_CONF_DIR, 'ifupdown2.conf'), 'utf8').replace(/^state_dir=.*$/m, `state_dir=${join(root, 'state')}/`);
    writeFileSync(join(etcNetwork, 'ifupdown2', 'ifupdown2.conf'), conf);
    copyFileSync(join(IFUPDOWN2_CONF_DIR, 'addons.conf'), join(etcNetwork, 'ifupdown2', 'addons.conf'));
    const address = `${UNDERLAY}.1${i}`;
    let uplink = '';
    if (opts.uplink) {
      const inet = this.internet();
      ip(['-n', inet, 'link', 'add', `u${i}`, 'type', 'veth', 'peer', 'name', 'eth1', 'netns', ns]);
      ip(['-n', inet, 'link', 'set', `u${i}`, 'master', 'br-inet', 'up']);
      // a router: answers coming in on the uplink are forwarded back to the guests (Linux checks the input device)
      uplink = `auto eth1\niface eth1 inet static\n\taddress ${INTERNET}.1${i}/24\n\tgateway ${INTERNET}.1\n\tip-forward on\n\n`;
    }
    const gateway = opts.uplink ? '' : `\tgateway ${UNDERLAY}.1\n`;
    writeFileSync(
      join(etcNetwork, 'interfaces'),
      `auto lo\niface lo inet loopback\n\niface eth0 inet manual\n\nauto vmbr0\niface vmbr0 inet static\n\taddress ${address}/24\n${gateway}\tbridge-ports eth0\n\tbridge-stp off\n\tbridge-fd 0\n\n${uplink}source /etc/network/interfaces.d/*\n`,
    );
    return { name, ns, address, root, etcNetwork };
  }

  /**
   * The node's ifupdown2 without its vrf addon: this kernel has no VRF devices,
   * so an EVPN zone's VRF cannot come up; without the addon ifupdown2 warns and
   * brings up the rest (bridges, VXLAN devices).
   */
  withoutVrfAddon(node: LabNode): void {
    const file = join(node.etcNetwork, 'ifupdown2', 'addons.conf');
    writeFileSync(file, readFileSync(file, 'utf8').split('\n').filter((l) => !/,vrf$/.test(l)).join('\n'));
  }

  /** Runs an ifupdown2 command (`ifup -a`, `ifreload -a`, …) inside the node, isolated. */
  ifupdown(node: LabNode, args: readonly string[]): { status: number | null; output: string } {
    const script = 'set -e; mount --bind "$0" /etc/network; mount -t tmpfs tmpfs /run; mkdir -p /run/network; exec "$@"';
    const r = spawnSync('ip', ['netns', 'exec', node.ns, 'unshare', '-m', 'sh', '-c', script, node.etcNetwork, ...args], { encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  }

  /**
   * Guest `name` with eth0 attached to `bridge` in `node` (port named like a CT NIC).
   * `cidr` null leaves eth0 without an address (a DHCP client configures it); `mac` fixes its MAC.
   */
  addGuest(node: LabNode, bridge: string, name: string, cidr: string | null, opts: { gateway?: string; mtu?: number; mac?: string } = {}): string {
    const ns = this.addNamespace(name);
    const port = `veth${100 + this.namespaces.length}i0`;
    const mtu = String(opts.mtu ?? 1450);
    ip(['-n', node.ns, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    ip(['-n', node.ns, 'link', 'set', port, 'mtu', mtu, 'master', bridge, 'up']);
    if (opts.mac) ip(['-n', ns, 'link', 'set', 'eth0', 'address', opts.mac]);
    ip(['-n', ns, 'link', 'set', 'eth0', 'mtu', mtu, 'up']);
    if (cidr) ip(['-n', ns, 'addr', 'add', cidr, 'dev', 'eth0']);
    if (opts.gateway) ip(['-n', ns, 'route', 'add', 'default', 'via', opts.gateway]);
    return ns;
  }

  /** One ping from namespace `ns` to `target`; true when answered. */
  ping(ns: string, target: string, opts: { size?: number; dontFragment?: boolean } = {}): boolean {
    const args = ['netns', 'exec', ns, 'ping', '-c', '1', '-W', '2'];
    if (opts.size) args.push('-s', String(opts.size));
    if (opts.dontFragment) args.push('-M', 'do');
    return spawnSync('ip', [...args, target], { stdio: 'ignore' }).status === 0;
  }

  /** Pings until answered (the first packets may go to ARP/FDB learning). */
  reaches(ns: string, target: string, attempts = 5): boolean {
    for (let i = 0; i < attempts; i++) if (this.ping(ns, target)) return true;
    return false;
  }

  linkExists(ns: string, name: string): boolean {
    return spawnSync('ip', ['-n', ns, 'link', 'show', name], { stdio: 'ignore' }).status === 0;
  }

  destroy(): void {
    for (const ns of this.namespaces.reverse()) {
      const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean);
      for (const pid of pids) spawnSync('kill', ['-9', pid]);
      spawnSync('ip', ['netns', 'del', ns]);
    }
    this.namespaces.length = 0;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
