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

export function widgetFor(name: string, schema: PropertySchema): Widget {
  switch (schema.type) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'integer':
      return { kind: 'integer', ...(schema.minimum !== undefined ? { min: schema.minimum } : {}), ...(schema.maximum !== undefined ? { max: schema.maximum } : {}) };
    case 'array':
      return schema.items.properties ? { kind: 'records', keys: schema.items.properties } : { kind: 'list' };
    case 'string': {
      if (schema.properties) return { kind: 'record', keys: schema.properties };
      if (schema.enum) return { kind: 'enum', options: schema.enum };
      const source = REFERENCES[name];
      if (source) return { kind: 'reference', source };
      return { kind: 'text', secret: schema.secret === true };
    }
  }
}

/** The fields of `sectionType`, in the kind's property order, without `hidden` ones. */
export function fieldsFor(kind: SchemaKind, sectionType: string, hidden: readonly string[]): FieldSpec[] {
  const rules = kind.types[sectionType] ?? {};
  const out: FieldSpec[] = [];
  for (const [name, base] of Object.entries(kind.properties)) {
    const rule = rules[name];
    if (!rule || hidden.includes(name)) continue;
    const schema = rule.schema ?? base;
    out.push({ name, schema, required: !rule.optional, widget: widgetFor(name, schema) });
  }
  return out;
}

/** Names the reference runs together, and abbreviations, as a person writes them. */
const COMPOUNDS: Readonly<Record<string, string>> = { reversedns: 'reverse DNS', dnszone: 'DNS zone', dnszoneprefix: 'DNS zone prefix', vlanaware: 'VLAN aware', exitnodes: 'exit nodes', reversemaskv6: 'reverse mask v6' };
const ABBREVIATIONS = new Set(['ipam', 'dns', 'mtu', 'dhcp', 'asn', 'ip', 'ip6', 'bfd', 'mac', 'vlan', 'vxlan', 'evpn', 'url', 'ttl', 'snat', 'id', 'rt', 'nd', 'arp', 'ebgp', 'bgp', 'isis', 'net', 'csnp', 'cidr', 'vm']);

/** A label from a property name: `vrf-vxlan` → `Vrf VXLAN`, `reversedns` → `Reverse DNS`. */
export function labelOf(name: string): string {
  const words = name
    .split(/[-_]/)
    .map((w) => COMPOUNDS[w] ?? (ABBREVIATIONS.has(w) ? w.toUpperCase() : w))
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
