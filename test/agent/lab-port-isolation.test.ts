/**
 * `isolate-ports` on the node: a running `weft agent` isolates every guest
 * port of the VNet as the kernel reports it (`ip monitor link`), and again
 * after a reload re-plugged the ports. Two guests on the isolated VNet cannot
 * reach each other but both reach their gateway (the bridge itself).
 * Learning off (`bridge-disable-mac-learning`): on a VXLAN zone's VNet, whose
 * VXLAN device this kernel has (VLAN, QinQ and EVPN zones need 802.1q
 * devices, VLAN filtering or VRFs it lacks: port-policy.test.ts checks those
 * with a recording runner), a guest plugged later learns no MACs.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { serializeRunningConfig } from '../../src/sections/running-config.js';
import { rawConfigFromFiles } from '../../src/sections/sdn-files.js';
import { Lab, OVERLAY, UNDERLAY, type LabNode } from '../support/lab.js';
import { WEFT_BIN } from '../support/paths.js';
import { needs } from '../support/system.js';

const skip = needs({ root: true, commands: ['ifreload', 'unshare', 'ping', 'bridge'] });

const files = (extraVnet: string) => ({
  'zones.cfg': `simple: ziso\n\nvxlan: zvx\n\tpeers ${UNDERLAY}.11\n\tbridge-disable-mac-learning 1\n\n`,
  'vnets.cfg': `vnet: viso\n\tzone ziso\n\tisolate-ports 1\n\nvnet: vvx\n\tzone zvx\n\ttag 100\n\n${extraVnet}`,
  'subnets.cfg': `subnet: ziso-${OVERLAY}.0-24\n\tvnet viso\n\tgateway ${OVERLAY}.1\n\n`,
});

/** The ports on `bridge` in `node` with their isolated (or, with `flag`, learning) flag. */
function portFlags(node: LabNode, bridge: string, flag: 'isolated' | 'learning' = 'isolated'): Map<string, boolean> {
  const links = JSON.parse(execFileSync('ip', ['-n', node.ns, '-details', '-json', 'link', 'show', 'master', bridge], { encoding: 'utf8' })) as { ifname: string; linkinfo?: { info_slave_data?: { isolated?: boolean; learning?: boolean } } }[];
  return new Map(links.map((l) => [l.ifname, l.linkinfo?.info_slave_data?.[flag] === true]));
}

/** Waits (bounded) until every guest port on the bridge is isolated. */
async function allIsolated(node: LabNode, bridge: string, count: number): Promise<Map<string, boolean>> {
  let flags = portFlags(node, bridge);
  for (let i = 0; i < 50 && !(flags.size === count && [...flags.values()].every(Boolean)); i++) {
    await sleep(100);
    flags = portFlags(node, bridge);
  }
  return flags;
}

describe('isolate-ports: the agent isolates guest ports as they appear', { skip }, () => {
  let lab: Lab;
  let node: LabNode;
  let data: string;
  let agent: ChildProcess | null = null;
  let log = '';
  const publish = (version: number, extraVnet = '') => writeFileSync(join(data, 'sdn', '.running-config'), serializeRunningConfig(rawConfigFromFiles(files(extraVnet), version).raw));
  const applied = async (version: number) => {
    for (let i = 0; i < 300 && !log.includes(`version ${version} applied`); i++) await sleep(100);
    assert.match(log, new RegExp(`version ${version} applied`), log);
  };

  before(() => {
    lab = new Lab('iso');
    data = join(lab.dir, 'data');
    mkdirSync(join(data, 'sdn'), { recursive: true });
    node = lab.addNode(1);
    assert.equal(lab.ifupdown(node, ['ifup', '-a']).status, 0);
  });
  after(() => {
    agent?.kill('SIGTERM');
    lab.destroy();
  });

  test('guests cannot reach each other but reach the gateway; isolation survives a reload', async () => {
    publish(1);
    agent = spawn('ip', ['netns', 'exec', node.ns, WEFT_BIN, 'agent', '--node', node.name, '--data-dir', data, '--root', node.root], { stdio: ['ignore', 'pipe', 'pipe'] });
    agent.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    agent.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    await applied(1);

    // plugged after the apply: only the kernel's link events tell the agent
    const g1 = lab.addGuest(node, 'viso', 'ig1', `${OVERLAY}.10/24`, { gateway: `${OVERLAY}.1` });
    const g2 = lab.addGuest(node, 'viso', 'ig2', `${OVERLAY}.11/24`, { gateway: `${OVERLAY}.1` });
    const flags = await allIsolated(node, 'viso', 2);
    assert.deepEqual([...flags.values()], [true, true], `${JSON.stringify([...flags])}\n${log}`);
    // the agent logs after the bridge command returned: its line may trail the flag we read
    for (let i = 0; i < 50 && !/guest port veth\d+i0: isolated on/.test(log); i++) await sleep(100);
    assert.match(log, /guest port veth\d+i0: isolated on/);
    assert.ok(lab.reaches(g1, `${OVERLAY}.1`), 'guest 1 reaches the gateway');
    assert.ok(lab.reaches(g2, `${OVERLAY}.1`), 'guest 2 reaches the gateway');
    assert.equal(lab.reaches(g1, `${OVERLAY}.11`, 2), false, 'guest 1 cannot reach guest 2');

    // a new version: ifreload re-plugs the guest ports, the agent isolates them again
    publish(2, 'vnet: vother\n\tzone ziso\n\n');
    await applied(2);
    assert.deepEqual([...(await allIsolated(node, 'viso', 2)).values()], [true, true], log);
    assert.equal(lab.reaches(g2, `${OVERLAY}.10`, 2), false, 'still isolated after the reload');
    assert.ok(lab.reaches(g2, `${OVERLAY}.1`), 'and the gateway still answers');
  });

  test('a guest of a VXLAN zone with bridge-disable-mac-learning learns no MACs; the VXLAN device still does', async () => {
    lab.addGuest(node, 'vvx', 'lg1', null);
    const guest = (flags: Map<string, boolean>) => [...flags].filter(([port]) => port.startsWith('veth'));
    let flags = portFlags(node, 'vvx', 'learning');
    for (let i = 0; i < 50 && guest(flags).some(([, learning]) => learning); i++) {
      await sleep(100);
      flags = portFlags(node, 'vvx', 'learning');
    }
    assert.equal(guest(flags).length, 1, `${JSON.stringify([...flags])}\n${log}`);
    assert.deepEqual(guest(flags).map(([, learning]) => learning), [false], `${JSON.stringify([...flags])}\n${log}`);
    assert.equal(flags.get('vxlan_vvx'), true, 'the zone\'s own VXLAN port keeps learning');
  });
});
