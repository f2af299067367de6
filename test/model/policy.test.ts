import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { nextPrefixListSeq, POLICY_NAME_PATTERN } from '../../src/model/prefix-list.js';
import { SEED_PREFIX_LISTS, SEED_ROUTE_MAPS } from '../support/seed-policies.js';
import { cfg, decodeFiles, errorsOf } from '../support/sdn-dir.js';

test('prefix list and route map names: as proxmox-ve-config takes them (a trailing - or _ too; 32 characters, 31 when the last is - or _)', () => {
  const name = new RegExp(`^${POLICY_NAME_PATTERN}$`);
  for (const ok of ['a', 'a1', 'bgp-out', 'ab-', 'x_', 'a'.repeat(32), `${'a'.repeat(30)}_`]) assert.ok(name.test(ok), ok);
  for (const bad of ['', '-a', '_a', 'a.b', 'a b', 'a'.repeat(33), `${'a'.repeat(31)}_`]) assert.ok(!name.test(bad), bad);
});

describe('prefix lists', () => {
  test('the seed examples decode: entries by sequence, ge/le kept', () => {
    const r = decodeFiles({ 'prefix-lists.cfg': SEED_PREFIX_LISTS });
    assert.deepEqual(r.issues, []);
    const list = r.config?.prefixLists.get('internal-subnets');
    assert.deepEqual(
      list?.entries.map((e) => [e.seq, e.action, `${e.prefix.address.text}/${e.prefix.prefix}`, e.ge, e.le]),
      [
        [10, 'permit', '10.0.0.0/8', 16, 24],
        [20, 'deny', '10.0.0.0/8', undefined, 32],
      ],
    );
    assert.equal(r.config?.prefixLists.get('default-only')?.entries[0]?.prefix.prefix, 0);
  });

  test('an entry without seq gets the highest so far + 5 (FRR’s rule); 5 in an empty list', () => {
    const r = decodeFiles({
      'prefix-lists.cfg': cfg(`
        prefix-list: pl
          entries action=permit,prefix=192.0.2.0/24
          entries action=permit,prefix=198.51.100.0/24,seq=100
          entries action=deny,prefix=0.0.0.0/0,le=32
      `),
    });
    assert.deepEqual(r.config?.prefixLists.get('pl')?.entries.map((e) => e.seq), [5, 100, 105]);
    assert.equal(nextPrefixListSeq([]), 5);
    assert.equal(nextPrefixListSeq([{ seq: 7 }, { seq: 30 }]), 35);
  });

  test('ge/le: not shorter than the prefix, not longer than the family allows, ge ≤ le; unique seq; reserved names', () => {
    const r = decodeFiles({
      'prefix-lists.cfg': cfg(`
        prefix-list: pl
          entries action=permit,prefix=192.0.2.0/24,le=23,seq=1
          entries action=permit,prefix=192.0.2.0/24,ge=33,seq=2
          entries action=permit,prefix=192.0.2.0/24,ge=27,le=25,seq=3
          entries action=permit,prefix=2001:db8::/32,ge=48,le=128,seq=3
        prefix-list: only_default
          entries action=permit,prefix=0.0.0.0/0,seq=1
      `),
    });
    assert.deepEqual(
      r.issues.map((i) => `${i.code} ${i.path}: ${i.message}`),
      [
        'reserved-name prefix-lists.cfg:only_default: \'only_default\' is reserved for the prefix lists the controllers generate',
        'bad-prefix-length prefix-lists.cfg:pl.entries[0].le: le 23 is shorter than the prefix length 24 of 192.0.2.0/24',
        'bad-prefix-length prefix-lists.cfg:pl.entries[1].ge: ge 33 is greater than 32, the longest IPv4 prefix',
        'bad-prefix-length prefix-lists.cfg:pl.entries[2].ge: ge 27 is greater than le 25',
        "duplicate-seq prefix-lists.cfg:pl.entries[3].seq: sequence number 3 is already used in prefix list 'pl'",
      ],
    );
  });
});

describe('route maps', () => {
  test('the seed example decodes: one section per entry, grouped by name, in order', () => {
    const r = decodeFiles({ 'prefix-lists.cfg': SEED_PREFIX_LISTS, 'route-maps.cfg': SEED_ROUTE_MAPS });
    assert.deepEqual(r.issues, []);
    const map = r.config?.routeMaps.get('bgp-out');
    assert.deepEqual(
      map?.map((e) => [e.order, e.action, e.match, e.set]),
      [
        [10, 'permit', [{ key: 'ip-address-prefix-list', value: 'internal-subnets' }], [{ key: 'local-preference', value: '50' }]],
        [20, 'permit', [], []],
      ],
    );
  });

  test('match/set values are checked per key; exit actions jump forward; references resolve', () => {
    const r = decodeFiles({
      'route-maps.cfg': cfg(`
        route-map-entry: rm_10
          action permit
          match key=vni,value=0
          match key=ip-address-prefix-list,value=missing
          set key=metric,value=+rtt
          set key=ip-next-hop-unchanged,value=1
          set key=tag,value=untagged
          set key=local-preference,value=-12345
          call nowhere
          exit-action key=on-match-goto,value=5
        route-map-entry: rm_20
          action deny
          set key=colour,value=red
        route-map-entry: pve_mine_10
          action permit
        route-map-entry: rm_0
          action permit
      `),
    });
    assert.deepEqual(
      r.issues.map((i) => `${i.code} ${i.path}: ${i.message}`),
      [
        "bad-value route-maps.cfg:rm/20.set: key: 'colour' is not one of: ip-next-hop, ip-next-hop-peer-address, ip-next-hop-unchanged, ip6-next-hop, ip6-next-hop-peer-address, ip6-next-hop-prefer-global, local-preference, tag, weight, metric, src",
        "reserved-name route-maps.cfg:pve_mine/10: 'pve_mine' is reserved for generated route maps (MAP_VTEP_IN, MAP_VTEP_OUT, correct_src, pve_*)",
        "bad-id route-maps.cfg:rm/0.order: order 0 is outside FRR's route-map sequence range 1-65535",
        'bad-value route-maps.cfg:rm/10.match[0]: vni: expected a number 1-16777215',
        'bad-value route-maps.cfg:rm/10.set[1]: ip-next-hop-unchanged takes no value',
        'bad-value route-maps.cfg:rm/10.exit-action: on-match-goto 5 must point after this entry (order 10)',
        "unknown-prefix-list route-maps.cfg:rm/10.match[1]: prefix list 'missing' does not exist",
        "unknown-route-map route-maps.cfg:rm/10.call: route map 'nowhere' does not exist",
      ],
    );
  });
});

describe('controllers and zones: route maps, BGP mode, peer groups, several EVPN controllers', () => {
  const controllers = cfg(`
    evpn: ctl1
      asn 65000
      peers 10.0.0.1,10.0.0.2
      route-map-in bgp-out
      route-map-out nomap
    evpn: ctl2
      asn 65000
      peers 10.0.0.1,10.0.0.2
      bgp-mode external
      peer-group-name VTEP
    evpn: ctl3
      asn 65000
      fabric nofabric
      peer-group-name BGP
  `);
  const zonesCfg = cfg(`
    evpn: z1
      controller ctl1
      secondary-controllers ctl2
      secondary-controllers ctl1
      secondary-controllers ghost
      vrf-vxlan 100
  `);

  test('references resolve, peer groups are unique and not generated ones', () => {
    const r = decodeFiles({ 'controllers.cfg': controllers, 'zones.cfg': zonesCfg, 'route-maps.cfg': SEED_ROUTE_MAPS, 'prefix-lists.cfg': SEED_PREFIX_LISTS });
    // the zones' findings (their type's checks, zones/evpn.ts) come before the controllers'
    assert.deepEqual(errorsOf(r), [
      'duplicate-controller zones.cfg:z1.secondary-controllers',
      'unknown-controller zones.cfg:z1.secondary-controllers',
      'unknown-fabric controllers.cfg:ctl3.fabric',
      'unknown-route-map controllers.cfg:ctl1.route-map-out',
      'duplicate-peer-group controllers.cfg:ctl2.peer-group-name',
      'reserved-peer-group controllers.cfg:ctl3.peer-group-name',
    ]);
  });

  test('bgp-mode is auto, internal or external', () => {
    const r = decodeFiles({ 'controllers.cfg': cfg('evpn: c1\n asn 65000\n peers 10.0.0.1\n bgp-mode ibgp') });
    assert.deepEqual(errorsOf(r), ['bad-value controllers.cfg:c1.bgp-mode']);
  });
});
