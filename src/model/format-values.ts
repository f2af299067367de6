/**
 * The values the section decoder makes of checked formats, once, so nothing
 * downstream splits or parses their text again: an `ip` an address (with
 * its written text, which the output keeps), an `ip-list` a list of them,
 * any other `-list` a list of its items. property-schema.ts `FormatValues`
 * says their types.
 */
import { splitList } from './formats.js';
import { parseIp } from './ip.js';
import type { DecodedValue, PropertySchema } from './property-schema.js';
import type { IpAddr } from './values.js';

/** An address as written, parsed; null when it is not one. */
export function ipAddr(written: string): IpAddr | null {
  const ip = parseIp(written);
  return ip && { ...ip, written };
}

/** Addresses already checked by their format: each one parses. */
function checkedAddr(written: string): IpAddr {
  const ip = ipAddr(written);
  if (!ip) throw new Error(`internal: '${written}' passed the ip format but does not parse`);
  return ip;
}

/** A checked value of `schema` with its format made a value. */
export function formatValue(schema: PropertySchema, checked: DecodedValue): unknown {
  if (schema.type !== 'string' || schema.format === undefined || schema.enum || typeof checked !== 'string') return checked;
  if (schema.format === 'ip') return checkedAddr(checked);
  if (schema.format === 'ip-list') return splitList(checked).map(checkedAddr);
  return schema.format.endsWith('-list') ? splitList(checked) : checked;
}

/** Addresses as written (the order and spelling the output keeps). */
export function writtenAddrs(ips: readonly IpAddr[] | undefined): string[] {
  return ips ? ips.map((ip) => ip.written) : [];
}
