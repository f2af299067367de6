/**
 * An agent pass whose inputs did not change renders and writes nothing
 * (sdn/once.ts keeps the last pass); a changed input or a file changed on
 * the node renders again (a new version's decode: running-decoder.test.ts).
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeHost } from '../../src/agent/host.js';
import { frrPaths } from '../../src/agent/node-plan.js';
import { SDN_INTERFACES_PATH } from '../../src/render/node-files.js';
import { applyPass, type PassMemo } from '../../src/agent/once.js';
import { localRunner } from '../../src/agent/runner.js';
import type { NodeFacts } from '../../src/ir/facts.js';
import { decodeFiles, cfg } from '../support/sdn-dir.js';
import { withTempDirAsync } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

const FACTS: NodeFacts = { nodename: nodeName('pve'), routeSource: null, bridgePorts: {} };

test('a pass with the inputs of the last one renders nothing; a changed file or fact renders again', async () => {
  const decoded = decodeFiles({ 'zones.cfg': cfg('simple: z1\n'), 'vnets.cfg': cfg('vnet: v1\n\tzone z1\n') });
  assert.ok(decoded.config, JSON.stringify(decoded.issues));
  const config = decoded.config;
  await withTempDirAsync(async (root) => {
    const host = nodeHost(root, localRunner());
    const memo: PassMemo = {};
    const pass = async (facts: NodeFacts) => {
      const log: string[] = [];
      const r = await applyPass({ host, nodename: nodeName('pve'), config, facts, frr: frrPaths(), reloader: null, log: (l) => log.push(l), memo });
      return { changed: r.outcome?.changed ?? [], skipped: log.some((l) => l.startsWith('nothing changed')) };
    };
    const first = await pass(FACTS);
    assert.deepEqual(first, { changed: [SDN_INTERFACES_PATH], skipped: false });
    assert.deepEqual(await pass(FACTS), { changed: [], skipped: true }, 'same inputs: no render');
    const file = join(root, SDN_INTERFACES_PATH);
    const rendered = readFileSync(file, 'utf8');
    writeFileSync(file, `${rendered}# edited by hand\n`);
    assert.deepEqual(await pass(FACTS), { changed: [SDN_INTERFACES_PATH], skipped: false }, 'a file changed on the node is rendered again');
    assert.equal(readFileSync(file, 'utf8'), rendered);
    assert.deepEqual(await pass({ ...FACTS, defaultMac: 'bc:24:11:00:00:01' }), { changed: [], skipped: false }, 'changed facts render again');
  });
});
