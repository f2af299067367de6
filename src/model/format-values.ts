/**
 * The values the section decoder makes of checked formats, once, so nothing
 * downstream splits or parses their text again: an `ip` an address (with
 * its written text, which the output keeps), an `ip-list` a list of them, a
 * CIDR a parsed network, an endpoint its host and port, any other `-list` a
 * list of its items; the same inside property strings and array items.
 * property-schema.ts `FormatValues` says their types.
 */
import { nodeNameOf, parseEndpoint, splitList } from './formats.js';
import { parseCidr, parseIp } from './ip.js';
import type { DecodedValue, FormatValues, PropertyRecord, PropertySchema, PropertyStringSchema, StringProp } from './property-schema.js';
import type { IfName, IpAddr, NodeName, ParsedCidr } from './values.js';

/** An address as written, parsed; null when it is not one. */
export function ipAddr(written: string): IpAddr | null {
  const ip = parseIp(written);
  return ip && { ...ip, written };
}

/** A text its format checked already: it parses. */
function checked<T>(parsed: T | null, text: string): T {
  if (parsed === null) throw new Error(`internal: '${text}' passed its format check but does not parse`);
  return parsed;
}
const checkedAddr = (text: string): IpAddr => checked(ipAddr(text), text);
const checkedCidr = (text: string): ParsedCidr => checked(parseCidr(text), text);
const checkedNode = (text: string): NodeName => checked(nodeNameOf(text), text);

/** How each decoded format's text becomes its value (the table `FormatValues` types). */
const FORMAT_DECODERS: { readonly [F in keyof FormatValues]: (text: string) => FormatValues[F] } = {
  ip: checkedAddr,
  'ip-list': (text) => splitList(text).map(checkedAddr),
  ipv4: checkedAddr,
  ipv6: checkedAddr,
  'pve-sdn-cidr': checkedCidr,
  'pve-sdn-cidrv4': checkedCidr,
  'pve-sdn-cidrv6': checkedCidr,
  'pve-sdn-endpoint': (text) => checked(parseEndpoint(text), text),
  // the format checked its length and characters: the decoder is the one place that names it an interface
  'pve-sdn-iface-name': (text) => text as IfName,
  'pve-node': checkedNode,
  'pve-node-list': (text) => splitList(text).map(checkedNode),
};
const isDecodedFormat = (format: string): format is keyof FormatValues => Object.hasOwn(FORMAT_DECODERS, format);

/** A checked text of a string schema (or array items) made its format's value. */
function textValue(schema: Omit<StringProp, 'description'>, text: string): unknown {
  const format = schema.format;
  if (format === undefined || schema.enum) return text;
  if (isDecodedFormat(format)) return FORMAT_DECODERS[format](text);
  return format.endsWith('-list') ? splitList(text) : text;
}

/** A checked property string's keys made their values. */
function recordValue(keys: PropertyStringSchema, record: PropertyRecord): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key in record) {
    const value = record[key];
    const schema = keys[key];
    if (value !== undefined) out[key] = schema ? formatValue(schema, value) : value;
  }
  return out;
}

/** An array's checked value: its texts or its records. */
const isList = (value: DecodedValue): value is readonly string[] | readonly PropertyRecord[] => Array.isArray(value);

/** A checked value of `schema` with its formats made values. */
export function formatValue(schema: PropertySchema, value: DecodedValue): unknown {
  if (schema.type === 'array') {
    const items = schema.items;
    if (!isList(value)) return value;
    const keys = items.properties;
    const list: readonly (string | PropertyRecord)[] = value;
    if (keys) return list.map((item) => (typeof item === 'object' ? recordValue(keys, item) : item));
    return items.format === undefined ? value : list.map((item) => (typeof item === 'string' ? textValue(items, item) : item));
  }
  if (schema.type !== 'string') return value;
  if (typeof value === 'string') return textValue(schema, value);
  return schema.properties && typeof value === 'object' && !isList(value) ? recordValue(schema.properties, value) : value;
}

/** Addresses as written (the order and spelling the output keeps). */
export function writtenAddrs(ips: readonly IpAddr[] | undefined): string[] {
  return ips ? ips.map((ip) => ip.written) : [];
}
