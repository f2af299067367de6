/**
 * The rows a section read answers (sdn/views.ts apiList, apiSection) hold
 * what their types derived from the kinds' tables say (sdn/section-row.ts):
 * each key one of the type's options (or the id, the read's marks, a
 * subnet's derived fields), each value of its schema's shape — an integer a
 * number, a boolean 1 or 0, an array its texts, an enum one of its texts —
 * in the edited config, the running one and the pending view of both.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { PropertySchema } from '../../src/model/property-schema.js';
import type { SectionKind } from '../../src/model/section-kind.js';
import { SET_NAMES, SETS, STORE_KEYS } from '../../src/sdn/kinds.js';
import type { DhcpRangeAnswer, SectionRow } from '../../src/sdn/section-row.js';
import { loadState } from '../../src/sdn/state.js';
import { apiList, fabricRows, setView, type FabricRows, type SetRows } from '../../src/sdn/views.js';
import { compileRunning } from '../../src/sdn/workflow.js';
import { same } from '../support/same-type.js';

const APPLIED: Readonly<Record<string, string>> = {
  'sdn/zones.cfg':
    'simple: z1\n\tipam pve\n\tnodes n1,n2\n\tmtu 1450\n\nvlan: z2\n\tbridge vmbr0\n\nevpn: z5\n\tcontroller c1\n\tvrf-vxlan 100\n\tadvertise-subnets 1\n\texitnodes n1\n\n',
  'sdn/controllers.cfg': 'evpn: c1\n\tasn 65000\n\tpeers 10.0.0.1,10.0.0.2\n\n',
  'sdn/vnets.cfg': 'vnet: va\n\tzone z1\n\nvnet: vb\n\tzone z2\n\ttag 5\n\tvlanaware 1\n\nvnet: vc\n\tzone z2\n\ttag 6\n\talias old\n\n',
  'sdn/subnets.cfg':
    'subnet: z1-10.0.0.0-24\n\tvnet va\n\tgateway 10.0.0.1\n\tsnat 1\n\tdhcp-range start-address=10.0.0.10,end-address=10.0.0.20\n\tdhcp-range start-address=10.0.0.30,end-address=10.0.0.40\n\n',
  'sdn/ipams.cfg': 'pve: pve\n\n',
  'sdn/prefix-lists.cfg': 'prefix-list: pl1\n\tentries action=permit,prefix=10.0.0.0/8\n\n',
  'sdn/route-maps.cfg': 'route-map-entry: rm1_10\n\taction permit\n\tmatch key=ip-address-prefix-list,value=pl1\n\n',
  'sdn/fabrics.cfg':
    'openfabric_fabric: f1\n\thello_interval 4\n\tip_prefix 192.168.2.0/24\n\nopenfabric_node: f1_n1\n\tinterfaces name=ens19\n\tinterfaces name=ens20\n\tip 192.168.2.8\n\n',
};

/** Applied, then edited: every kind of change in the pending view (new, changed, removed keys, deleted sections). */
const EDITED: Readonly<Record<string, string>> = {
  ...APPLIED,
  'sdn/zones.cfg': 'simple: z1\n\tipam pve\n\tnodes n1\n\nvlan: z2\n\tbridge vmbr1\n\tmtu 9000\n\n',
  'sdn/fabrics.cfg':
    'openfabric_fabric: f1\n\tip_prefix 192.168.2.0/24\n\nopenfabric_node: f1_n1\n\tinterfaces name=ens19\n\tip 192.168.2.8\n\nopenfabric_node: f1_n2\n\tinterfaces name=ens19\n\tip 192.168.2.9\n\n',
  'sdn/vnets.cfg': 'vnet: va\n\tzone z1\n\nvnet: vc\n\tzone z2\n\talias new\n\tvlanaware 0\n\nvnet: vd\n\tzone z1\n\ttag 7\n\n',
  'sdn/subnets.cfg':
    'subnet: z1-10.0.0.0-24\n\tvnet va\n\tgateway 10.0.0.2\n\tdhcp-range start-address=10.0.0.10,end-address=10.0.0.20\n\nsubnet: z1-10.0.1.0-24\n\tvnet vd\n\tsnat 1\n\n',
};

/** Whether `value` has the shape a value of `schema` has in a row; `pairs`: a subnet row's own `dhcp-range` (its pending one is texts). */
function shapeOk(schema: PropertySchema, value: unknown, pairs: boolean): boolean {
  if (schema.type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  if (schema.type === 'boolean') return value === 0 || value === 1;
  if (schema.type === 'array') {
    const isPair = (v: unknown) => typeof (v as DhcpRangeAnswer)['start-address'] === 'string' && typeof (v as DhcpRangeAnswer)['end-address'] === 'string';
    return Array.isArray(value) && value.every((v: unknown) => (pairs ? isPair(v) : typeof v === 'string'));
  }
  return typeof value === 'string' && (!schema.enum || schema.enum.includes(value));
}

const MARKS = new Set(['type', 'state', 'pending', 'digest']);
const SUBNET_IDS = new Set(['id', 'zone', 'network', 'mask', 'cidr']);

/** Counts of the values checked, per schema type (and `pending`): the fixture must meet each shape. */
type Checked = Map<string, number>;

/** Each of `row`'s values and pending values (but those `skip` names) is an option of `type` with its schema's shape; `pairs`: its `dhcp-range` is a subnet row's address pairs. */
function checkValues(where: string, kind: SectionKind, type: string, row: SectionRow, skip: ReadonlySet<string>, checked: Checked, pairs = false): void {
  const options = (kind.types as Readonly<Record<string, object>>)[type];
  assert.ok(options, `${where}: type '${type}'`);
  for (const [key, value] of Object.entries(row)) {
    if (MARKS.has(key) || skip.has(key)) continue;
    const schema = kind.properties[key];
    assert.ok(schema && key in options, `${where}: '${key}' is an option of ${type}`);
    assert.ok(shapeOk(schema, value, pairs && key === 'dhcp-range'), `${where}: ${key} = ${JSON.stringify(value)}`);
    checked.set(schema.type, (checked.get(schema.type) ?? 0) + 1);
  }
  for (const [key, value] of Object.entries(row.pending ?? {})) {
    const schema = kind.properties[key];
    assert.ok(schema && key in options, `${where}: pending '${key}' is an option of ${type}`);
    assert.ok(value === 'deleted' || shapeOk(schema, value, false), `${where}: pending ${key} = ${JSON.stringify(value)}`);
    checked.set('pending', (checked.get('pending') ?? 0) + 1);
  }
  assert.ok(row.state === undefined || ['new', 'changed', 'deleted'].includes(row.state), where);
}

describe('section rows typed from the kinds’ tables', () => {
  const applied = loadState({ revision: '1', docs: new Map(Object.entries(APPLIED)) });
  const running = JSON.stringify(compileRunning(applied, true));
  const state = loadState({ revision: '2', docs: new Map([...Object.entries(EDITED), [STORE_KEYS.running, running]]) });
  const MODES = ['config', 'running', 'pending'] as const;

  test('each row holds its type’s options with the values their schemas say, in every mode', () => {
    const checked: Checked = new Map();
    for (const set of SET_NAMES) {
      const kind = SETS[set].kind;
      for (const mode of MODES) {
        for (const row of apiList(set, setView(state, set, mode))) {
          const generic: SectionRow = row;
          assert.equal(typeof generic[kind.idProperty], 'string', `${set}: the id under '${kind.idProperty}'`);
          const skip = new Set([kind.idProperty, ...(set === 'subnets' ? SUBNET_IDS : [])]);
          checkValues(`${set} ${String(generic[kind.idProperty])} (${mode})`, kind, String(generic.type), generic, skip, checked, set === 'subnets');
        }
      }
    }
    // every shape a value can take was met
    for (const shape of ['integer', 'boolean', 'array', 'string', 'pending']) assert.ok((checked.get(shape) ?? 0) > 0, `no ${shape} value checked`);
  });

  test('a fabric’s and a fabric node’s rows hold their section type’s options, named by protocol and ids', () => {
    const checked: Checked = new Map();
    const ids = { fabric: ['id'], node: ['fabric_id', 'node_id'] } as const;
    for (const mode of MODES) {
      for (const part of ['fabric', 'node'] as const) {
        const rows: readonly SectionRow[] = fabricRows(setView(state, 'fabrics', mode), part);
        assert.ok(rows.length > 0, `${part} rows (${mode})`);
        for (const row of rows) {
          for (const id of ids[part]) assert.equal(typeof row[id], 'string', `${part} ${id} (${mode})`);
          assert.equal(row.type, undefined, 'a fabric row names its protocol, not its type');
          const where = `${part} ${ids[part].map((k) => String(row[k])).join('/')} (${mode})`;
          checkValues(where, SETS.fabrics.kind, `${String(row.protocol)}_${part}`, row, new Set(['protocol', ...ids[part]]), checked);
        }
      }
    }
    for (const shape of ['integer', 'array', 'string', 'pending']) assert.ok((checked.get(shape) ?? 0) > 0, `no ${shape} value checked`);
  });

  test('the row types: each type’s options with their answer values, the id under its parameter', () => {
    same<SetRows['vnets']['vnet'], string>(true);
    same<SetRows['vnets']['tag'], number | undefined>(true);
    same<SetRows['vnets']['vlanaware'], 0 | 1 | undefined>(true);
    same<NonNullable<SetRows['vnets']['pending']>['tag'], number | 'deleted' | undefined>(true);
    same<Extract<SetRows['zones'], { type: 'simple' }>['nodes'], string | undefined>(true);
    same<Extract<SetRows['zones'], { type: 'qinq' }>['vlan-protocol'], '802.1q' | '802.1ad' | undefined>(true);
    same<Extract<SetRows['controllers'], { type: 'evpn' }>['asn'], number | undefined>(true);
    same<SetRows['subnets']['dhcp-range'], readonly DhcpRangeAnswer[] | undefined>(true);
    same<SetRows['subnets']['cidr'], string>(true);
    same<SetRows['zones']['type'], 'simple' | 'vlan' | 'qinq' | 'vxlan' | 'evpn'>(true);
    same<FabricRows['fabric']['protocol'], 'openfabric' | 'ospf' | 'bgp' | 'wireguard'>(true);
    same<Extract<FabricRows['fabric'], { protocol: 'openfabric' }>['hello_interval'], number | undefined>(true);
    same<Extract<FabricRows['node'], { protocol: 'openfabric' }>['interfaces'], readonly string[] | undefined>(true);
    same<FabricRows['node']['node_id'], string>(true);
    // a VLAN zone's row has no `peers`, a VXLAN zone's has
    same<'peers' extends keyof Extract<SetRows['zones'], { type: 'vlan' }> ? true : false, false>(true);
    same<'peers' extends keyof Extract<SetRows['zones'], { type: 'vxlan' }> ? true : false, true>(true);
  });
});
