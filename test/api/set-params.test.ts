/**
 * A section set's create and update parameters (api/routes/sdn-sets.ts):
 * the set's properties reach the handler typed by their kind's schemas, as
 * every route's own parameters do, and `sectionParams` hands the section
 * every value but the control parameters and the id.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { collectParams, DELETE_LIST, DIGEST, LOCK_TOKEN, type CheckedParams, type ParamSchemas } from '../../src/api/params.js';
import type { ParamsOf } from '../../src/api/route.js';
import { idSchema, propertySchemas, sectionParams, typeSchema, withSetProperties } from '../../src/api/routes/sdn-sets.js';
import { SECTION_KINDS } from '../../src/sections/kinds.js';
import { SET_NAMES, SETS, type SetType } from '../../src/sdn/kinds.js';
import { same } from '../support/same-type.js';

const VNET_UPDATE = withSetProperties('vnets', { vnet: idSchema('vnets'), digest: DIGEST, delete: DELETE_LIST, 'lock-token': LOCK_TOKEN });
const ZONE_CREATE = withSetProperties('zones', { zone: idSchema('zones'), type: typeSchema('zones', false), 'lock-token': LOCK_TOKEN });
const SUBNET_CREATE = withSetProperties('subnets', { vnet: idSchema('vnets'), subnet: { type: 'string', description: 'the CIDR' }, 'lock-token': LOCK_TOKEN });

/** the parameters `given` as the server checks them for a route of `schemas`: all pass */
function passed(schemas: ParamSchemas, given: Readonly<Record<string, string>>): CheckedParams {
  const r = collectParams(schemas, new Map(Object.entries(given)));
  assert.equal(r.errors, null);
  return r.params;
}

describe('section set parameters typed by their kind', () => {
  test('the set’s properties are typed as their schemas decode them, each optional', () => {
    type Vnet = ParamsOf<typeof VNET_UPDATE>;
    same<Vnet['vnet'], string>(true);
    same<Vnet['tag'], number | undefined>(true);
    same<Vnet['vlanaware'], boolean | undefined>(true);
    same<Vnet['zone'], string | undefined>(true);
    type Zone = ParamsOf<typeof ZONE_CREATE>;
    same<Zone['zone'], string>(true);
    same<Zone['vlan-protocol'], '802.1q' | '802.1ad' | undefined>(true);
    same<Zone['mtu'], number | undefined>(true);
    // what sectionParams hands the section: the values, without the control parameters and the id
    type Values = ReturnType<typeof sectionParams<Vnet, 'vnet'>>;
    same<keyof Values, 'zone' | 'tag' | 'alias' | 'vlanaware' | 'isolate-ports'>(true);
    same<Values['tag'], number | undefined>(true);
  });

  test('every set’s properties are its kind’s, made optional, before the route’s own', () => {
    assert.deepEqual(Object.keys(ZONE_CREATE), [...Object.keys(SETS.zones.kind.properties), 'zone', 'type', 'lock-token']);
    for (const set of SET_NAMES) {
      const schemas = propertySchemas(set);
      assert.deepEqual(Object.keys(schemas), Object.keys(SETS[set].kind.properties), set);
      for (const [key, schema] of Object.entries(schemas)) assert.deepEqual(schema, { ...SETS[set].kind.properties[key], optional: true }, `${set}.${key}`);
    }
  });

  test('a set’s type parameter is one of its kind’s types, from the kind’s own table', () => {
    same<ParamsOf<typeof ZONE_CREATE>['type'], 'simple' | 'vlan' | 'qinq' | 'vxlan' | 'evpn'>(true);
    same<ParamsOf<{ readonly type: ReturnType<typeof typeSchema<'controllers', true>> }>['type'], 'evpn' | 'bgp' | 'isis' | undefined>(true);
    same<SetType<'vnets'>, 'vnet'>(true);
    for (const set of SET_NAMES) assert.deepEqual(typeSchema(set, false).enum, Object.keys(SECTION_KINDS[set].types), set);
    const refused = collectParams(ZONE_CREATE, new Map([['zone', 'z1'], ['type', 'faucet']]));
    assert.equal(refused.errors?.type, "'faucet' is not one of: simple, vlan, qinq, vxlan, evpn");
  });

  test('sectionParams keeps the values, without the control parameters and the id', () => {
    // a subnet's VNet is one of its values; its CIDR names it
    const subnet = passed(SUBNET_CREATE, { vnet: 'v1', subnet: '10.0.0.0/24', gateway: '10.0.0.1', snat: '1', 'lock-token': 'abc' });
    assert.deepEqual({ ...sectionParams(subnet, 'subnet') }, { vnet: 'v1', gateway: '10.0.0.1', snat: true });
    const update = passed(VNET_UPDATE, { vnet: 'v1', tag: '7', digest: 'd', delete: 'alias' });
    assert.deepEqual({ ...sectionParams(update, 'vnet') }, { tag: 7 });
  });
});
