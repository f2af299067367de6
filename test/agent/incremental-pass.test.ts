/**
 * An agent that keeps its last pass (the running-config decoder, the render
 * cache, the files it wrote) writes, for every version of a random sequence,
 * exactly the files an agent starting afresh writes for that version (every
 * file under the node's root: the sdn file, frr.conf, the dnsmasq files),
 * and reports the same status.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { runPass, type AgentContext } from '../../src/agent/daemon.js';
import { nodeHost } from '../../src/agent/host.js';
import { frrPaths } from '../../src/agent/node-plan.js';
import { localRunner } from '../../src/agent/runner.js';
import type { NodeFacts } from '../../src/ir/facts.js';
import { change, start, text, type Sets } from '../support/running-versions.js';
import { random } from '../support/seeded-random.js';
import { withTempDirAsync } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

const FACTS: NodeFacts = { nodename: nodeName('pve1'), routeSource: { ip: '10.0.0.1', iface: 'vmbr0' }, bridgePorts: { vmbr0: ['eth0'] } };
const INTERFACES = 'auto vmbr0\niface vmbr0 inet static\n\taddress 10.0.0.1/24\n\tbridge-ports eth0\n\tbridge-vlan-aware yes\n\nsource /etc/network/interfaces.d/*\n';

/** Every file under `root` with its text. */
function tree(root: string, dir = root): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, tree(root, path));
    else out[relative(root, path)] = readFileSync(path, 'utf8');
  }
  return out;
}

function nodeRoot(path: string): string {
  mkdirSync(join(path, 'etc', 'network'), { recursive: true });
  writeFileSync(join(path, 'etc', 'network', 'interfaces'), INTERFACES);
  return path;
}

const context = (root: string, memo: AgentContext['memo']): AgentContext => ({ host: nodeHost(root, localRunner()), node: nodeName('pve1'), facts: FACTS, frr: frrPaths(), reload: false, log: () => undefined, reporter: null, ...(memo ? { memo } : {}) });

test('a pass from the last one writes the files and status of a pass from scratch (random version sequences)', async () => {
  await withTempDirAsync(async (dir) => {
    let applied = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const r = random(seed);
      const kept = context(nodeRoot(join(dir, `kept${seed}`)), {});
      const freshRoot = nodeRoot(join(dir, `fresh${seed}`));
      let valid: Sets = start();
      (valid.zones as Sets[string]).z1 = { type: 'simple', ipam: 'pve', dhcp: 'dnsmasq' };
      let sets = valid;
      for (let version = 1; version <= 20; version++) {
        for (let n = r(3); n >= 0; n--) change(r, sets);
        const doc = { version, text: text(sets, version) };
        const incremental = await runPass(kept, doc);
        // a new agent each time: nothing decoded, rendered or written before
        const scratch = await runPass(context(freshRoot, undefined), doc);
        const where = `seed ${seed}, version ${version}: ${doc.text}`;
        assert.deepEqual({ ...incremental.status, time: 0 }, { ...scratch.status, time: 0 }, where);
        assert.deepEqual(tree(kept.host.root), tree(freshRoot), where);
        // a version that is not applied (an error) is followed by changes to the last applied one
        if (incremental.status.state === 'applied') {
          applied++;
          valid = sets;
        }
        sets = JSON.parse(JSON.stringify(valid)) as Sets;
      }
    }
    // the sequences apply most versions, not only refuse them
    assert.ok(applied > 30, `only ${applied} versions applied`);
  });
});
