/** Exit-node null routes: every other zone's subnets, by address, numerically. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { nullRouteIndex } from '../../src/zones/null-routes.js';
import { decodeConfig } from '../../src/sections/decode-config.js';

test("per zone: the other zones' subnets in numeric order; for an address in several subnets the last one outside the zone wins", () => {
  const subnet = (vnet: string) => ({ type: 'subnet', vnet });
  const { config } = decodeConfig(
    {
      zones: { ids: { za: { type: 'simple' }, zb: { type: 'simple' }, zc: { type: 'simple' } } },
      vnets: { ids: { va: { type: 'vnet', zone: 'za' }, vb: { type: 'vnet', zone: 'zb' }, vc: { type: 'vnet', zone: 'zc' } } },
      subnets: {
        ids: {
          'za-10.0.0.0-24': subnet('va'),
          'zb-10.0.0.0-16': subnet('vb'),
          'zc-10.0.0.0-8': subnet('vc'),
          'zb-2001:db8::-64': subnet('vb'),
          'zb-9.0.0.0-8': subnet('vb'),
        },
      },
    },
    undefined,
    'render',
  );
  assert.ok(config);
  const routes = nullRouteIndex(config);
  const text = (zone: string) => routes(zone).map((r) => `${r.ipv6 ? 'ipv6' : 'ip'} ${r.prefix}`);
  assert.deepEqual(text('za'), ['ip 9.0.0.0/8', 'ip 10.0.0.0/8', 'ipv6 2001:db8::/64']);
  assert.deepEqual(text('zc'), ['ip 9.0.0.0/8', 'ip 10.0.0.0/16', 'ipv6 2001:db8::/64']);
  assert.deepEqual(text('zb'), ['ip 10.0.0.0/8']);
});
