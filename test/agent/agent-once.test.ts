/**
 * `weft agent --once --no-reload --facts F --root R --data-dir D` writes the
 * node's files exactly as `weft render` produces them for D/.running-config,
 * the facts and R/etc/network/interfaces.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { serializeRunningConfig } from '../../src/sections/running-config.js';
import { rawConfigFromFiles } from '../../src/sections/sdn-files.js';
import { FIXTURES_DIR } from '../support/paths.js';
import { weft, withTempDir } from '../support/weft.js';

test('agent --once writes what render produces', () => {
  withTempDir((tmp) => {
    const pveDir = join(FIXTURES_DIR, 'pve-sdn');
    const files = Object.fromEntries(readdirSync(pveDir).map((f) => [f, readFileSync(join(pveDir, f), 'utf8')]));
    const data = join(tmp, 'data');
    mkdirSync(data);
    writeFileSync(join(data, '.running-config'), serializeRunningConfig(rawConfigFromFiles(files, 7).raw));
    const root = join(tmp, 'root');
    mkdirSync(join(root, 'etc/network'), { recursive: true });
    copyFileSync(join(FIXTURES_DIR, 'node-pve1', 'interfaces'), join(root, 'etc/network/interfaces'));
    const facts = join(FIXTURES_DIR, 'node-pve1', 'node.json');

    const agent = weft(['agent', '--once', '--node', 'pve1', '--data-dir', data, '--root', root, '--no-reload', '--facts', facts]);
    assert.equal(agent.status, 0, agent.stderr);
    const out = join(tmp, 'out');
    const render = weft(['render', '--config', join(data, '.running-config'), '--facts', facts, '--interfaces', join(root, 'etc/network/interfaces'), '--out', out]);
    assert.equal(render.status, 0, render.stderr);
    const written = readFileSync(join(root, 'etc/network/interfaces.d/sdn'), 'utf8');
    assert.equal(written, readFileSync(join(out, 'sdn'), 'utf8'));
    assert.match(written, /^#version:7\n/);
    // the fixture has controllers, so the node also gets its frr.conf
    assert.equal(readFileSync(join(root, 'etc/frr/frr.conf'), 'utf8'), readFileSync(join(out, 'frr.conf'), 'utf8'));
    // the fixture's simple zone has DHCP: its dnsmasq files come along, the same as render's
    // (no IPAM database in this data dir: the reservations file is not touched)
    for (const f of ['etc/default/dnsmasq.simple1', 'etc/dnsmasq.d/simple1/00-default.conf', 'etc/dnsmasq.d/simple1/10-vnet1.conf']) {
      assert.equal(readFileSync(join(root, f), 'utf8'), readFileSync(join(out, f), 'utf8'), f);
    }
    assert.match(agent.stderr, /version 7 applied: 5 file\(s\) changed/);

    const again = weft(['agent', '--once', '--node', 'pve1', '--data-dir', data, '--root', root, '--no-reload', '--facts', facts]);
    assert.match(again.stderr, /version 7 applied: 0 file\(s\) changed/);
  });
});

test('agent: the config source is checked before anything runs, with what to do', () => {
  withTempDir((tmp) => {
    const none = weft(['agent', '--node', 'n1']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /give exactly one config source \(--server, --data-dir or --etcd\)/);
    const two = weft(['agent', '--node', 'n1', '--data-dir', tmp, '--etcd', 'http://127.0.0.1:1']);
    assert.match(two.stderr, /give exactly one config source .*, not --data-dir and --etcd/);
    // a Proxmox-style directory (a .running-config, no store) is applied with --once only
    writeFileSync(join(tmp, '.running-config'), '{"version":1}');
    // the node's name keys its reports in the store: a text that is no node name is refused before anything is written
    const store0 = join(tmp, 'store0');
    const badNode = weft(['agent', '--once', '--node', 'n_1', '--data-dir', store0, '--root', join(tmp, 'root'), '--no-reload']);
    assert.equal(badNode.status, 2);
    assert.match(badNode.stderr, /--node: not a valid node name: 'n_1'/);
    assert.equal(existsSync(store0), false);
    const pve = weft(['agent', '--node', 'n1', '--data-dir', tmp]);
    assert.equal(pve.status, 2);
    assert.match(pve.stderr, /holds a \.running-config but no weft store .* only be applied with --once/);
    const store = join(tmp, 'store');
    const empty = weft(['agent', '--once', '--node', 'n1', '--data-dir', store, '--root', join(tmp, 'root'), '--no-reload']);
    assert.equal(empty.status, 1);
    assert.match(empty.stderr, /no running config in directory store .* yet: apply the SDN config first/);
  });
});
