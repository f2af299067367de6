/**
 * The fields of a generated form: for one section type, each property it
 * accepts (its own schema when the type overrides the kind's), whether it
 * is required, and which widget fits its schema.
 */
import type { PropertySchema, PropertyStringSchema } from '../../../src/model/property-schema';
import type { SchemaKind } from '../api/schema';
import { REFERENCES, type ResourceKey } from '../resources/registry';

export type Widget =
  | { readonly kind: 'text'; readonly secret: boolean }
  | { readonly kind: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly options: readonly string[] }
  | { readonly kind: 'reference'; readonly source: ResourceKey | 'nodes' }
  | { readonly kind: 'list' }
  /** node names (a `pve-node-list`), picked from the cluster's nodes */
  | { readonly kind: 'node-list' }
  /** one property string (`key=value,…`) edited key by key */
  | { readonly kind: 'record'; readonly keys: PropertyStringSchema }
  /** a list of property strings, one row each */
  | { readonly kind: 'records'; readonly keys: PropertyStringSchema };

export interface FieldSpec {
  readonly name: string;
  readonly schema: PropertySchema;
  readonly required: boolean;
  readonly widget: Widget;
}

const address = (description: string): PropertySchema => ({ type: 'string', format: 'ip', description });

/**
 * Lists whose items are property strings though the schema gives only a
 * pattern (the reference checks them with a format of its own): their keys,
 * so each item is a row of fields instead of typed-in `key=value` text.
 */
const RECORD_ITEMS: Readonly<Record<string, PropertyStringSchema>> = {
  'dhcp-range': { 'start-address': address('The first address handed out.'), 'end-address': address('The last address handed out.') },
};

/** The keys of a property string property, or of each item of a list of them. */
export function recordKeysOf(name: string, schema: PropertySchema | undefined): PropertyStringSchema | undefined {
  if (schema?.type === 'string') return schema.properties;
  if (schema?.type === 'array') return schema.items.properties ?? RECORD_ITEMS[name];
  return undefined;
}

export function widgetFor(name: string, schema: PropertySchema): Widget {
  switch (schema.type) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'integer':
      return { kind: 'integer', ...(schema.minimum !== undefined ? { min: schema.minimum } : {}), ...(schema.maximum !== undefined ? { max: schema.maximum } : {}) };
    case 'array':
    {
      const keys = recordKeysOf(name, schema);
      return keys ? { kind: 'records', keys } : { kind: 'list' };
    }
    case 'string': {
      if (schema.properties) return { kind: 'record', keys: schema.properties };
      if (schema.enum) return { kind: 'enum', options: schema.enum };
      if (schema.format === 'pve-node-list') return { kind: 'node-list' };
      const source = REFERENCES[name];
      if (source) return { kind: 'reference', source };
      return { kind: 'text', secret: schema.secret === true };
    }
  }
}

const fieldOf = (name: string, schema: PropertySchema, required: boolean): FieldSpec => ({ name, schema, required, widget: widgetFor(name, schema) });

/** The fields of `sectionType`, in the kind's property order, without `hidden` ones. */
export function fieldsFor(kind: SchemaKind, sectionType: string, hidden: readonly string[]): FieldSpec[] {
  const rules = kind.types[sectionType] ?? {};
  return Object.entries(kind.properties).flatMap(([name, base]) => {
    const rule = rules[name];
    return rule && !hidden.includes(name) ? [fieldOf(name, rule.schema ?? base, !rule.optional)] : [];
  });
}

/** A property's schema in a section of `sectionType` (a type may refine it: a fabric node's interfaces per protocol). */
export function schemaIn(kind: SchemaKind, sectionType: string | undefined, name: string): PropertySchema | undefined {
  return (sectionType === undefined ? undefined : kind.types[sectionType]?.[name]?.schema) ?? kind.properties[name];
}

/** The fields of an API method's parameters, without `hidden` ones. */
export function fieldsOfMethod(params: Readonly<Record<string, PropertySchema>>, hidden: readonly string[]): FieldSpec[] {
  return Object.entries(params).flatMap(([name, schema]) => (hidden.includes(name) ? [] : [fieldOf(name, schema, !schema.optional)]));
}

/** Names the reference runs together, and abbreviations, as a person writes them. */
const COMPOUNDS: Readonly<Record<string, string>> = { vnet: 'VNet', vmid: 'VM ID', reversedns: 'reverse DNS', dnszone: 'DNS zone', dnszoneprefix: 'DNS zone prefix', vlanaware: 'VLAN aware', exitnodes: 'exit nodes', reversemaskv6: 'reverse mask v6' };
const ABBREVIATIONS = new Set(['ipam', 'dns', 'mtu', 'dhcp', 'asn', 'ip', 'ip6', 'bfd', 'mac', 'vlan', 'vxlan', 'evpn', 'url', 'ttl', 'snat', 'id', 'rt', 'nd', 'arp', 'ebgp', 'bgp', 'isis', 'net', 'csnp', 'cidr', 'vm']);

/** One item of a list property: `entries` → `entry`, `peers` → `peer`. */
export function singular(name: string): string {
  return name.endsWith('ies') ? `${name.slice(0, -3)}y` : name.endsWith('s') && !name.endsWith('ss') ? name.slice(0, -1) : name;
}

/** A label from a property name: `vrf-vxlan` → `Vrf VXLAN`, `reversedns` → `Reverse DNS`. */
export function labelOf(name: string): string {
  const words = name
    .split(/[-_]/)
    .map((w) => COMPOUNDS[w] ?? (ABBREVIATIONS.has(w) ? w.toUpperCase() : w))
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
