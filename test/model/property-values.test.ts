import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { DecodedValue, PropertySchema, PropertyValue, PropertyValues } from '../../src/model/property-schema.js';
import { checkProperty } from '../../src/model/schema.js';
import { same } from '../support/same-type.js';

const SCHEMAS = {
  name: { type: 'string', description: 'a name' },
  tag: { type: 'integer', description: 'a tag', optional: true, minimum: 1 },
  flag: { type: 'boolean', description: 'a flag', optional: true },
  mode: { type: 'string', description: 'a mode', enum: ['a', 'b'] },
  nodes: { type: 'array', description: 'nodes', optional: true, items: { type: 'string' } },
  range: {
    type: 'array',
    description: 'ranges',
    optional: true,
    items: { type: 'string', properties: { 'start-address': { type: 'string', description: 's' }, weight: { type: 'integer', description: 'w', optional: true } } },
  },
  peer: { type: 'string', description: 'a peer', properties: { ip: { type: 'string', description: 'ip' }, on: { type: 'boolean', description: 'on', optional: true } } },
} as const satisfies Readonly<Record<string, PropertySchema>>;

type Values = PropertyValues<typeof SCHEMAS>;

describe('the values a property schema decodes to, as types', () => {
  test('required and optional keys, and each type’s value', () => {
    same<Values['name'], string>(true);
    same<Values['tag'], number | undefined>(true);
    same<Values['flag'], boolean | undefined>(true);
    same<Values['mode'], 'a' | 'b'>(true);
    same<Values['nodes'], readonly string[] | undefined>(true);
    same<Values['range'], readonly { readonly 'start-address': string; readonly weight?: number }[] | undefined>(true);
    same<Values['peer'], { readonly ip: string; readonly on?: boolean }>(true);
    // a schema known only by its union type may decode to anything it allows
    same<PropertyValue<PropertySchema>, DecodedValue>(true);
  });

  test('checkProperty gives values of those types', () => {
    const raw: Record<keyof typeof SCHEMAS, unknown> = { name: 'x', tag: '7', flag: '1', mode: 'b', nodes: ['n1', 'n2'], range: ['start-address=10.0.0.2,weight=3'], peer: 'ip=10.0.0.1,on=0' };
    const decoded: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(SCHEMAS)) {
      const r = checkProperty(schema, raw[key as keyof typeof SCHEMAS]);
      assert.ok(r.ok, key);
      decoded[key] = r.value;
    }
    const expected: Values = { name: 'x', tag: 7, flag: true, mode: 'b', nodes: ['n1', 'n2'], range: [{ 'start-address': '10.0.0.2', weight: 3 }], peer: { ip: '10.0.0.1', on: false } };
    assert.deepEqual(decoded, expected);
  });
});
