/**
 * The values the section decoder makes of checked properties, as pure types
 * (no imports: the web UI reads them through property-schema.ts).
 *
 * The ids are branded: a brand is a subtype of its string or number, so a
 * consumer taking a plain string still takes one, but a function asking for a
 * `VnetId` can only be given one that came out of a decoded config — the
 * decoder (decode-section.ts) is the one place that makes them.
 */
declare const brand: unique symbol;
export type Brand<T, Name extends string> = T & { readonly [brand]: Name };

export type ZoneId = Brand<string, 'ZoneId'>;
export type VnetId = Brand<string, 'VnetId'>;
export type ControllerId = Brand<string, 'ControllerId'>;
/** a cluster node's name (the `pve-node` format), as a parameter check or the decoder passed it */
export type NodeName = Brand<string, 'NodeName'>;
/** a kernel interface name: 1–15 bytes (IFNAMSIZ) */
export type IfName = Brand<string, 'IfName'>;
/** `network/prefix` exactly as a subnet's id spells it (the reference renders this text) */
export type Cidr = Brand<string, 'Cidr'>;
/** a VXLAN network identifier (24 bits) */
export type Vni = Brand<number, 'Vni'>;
/** an autonomous system number (32 bits) */
export type Asn = Brand<number, 'Asn'>;

export type IpVersion = 4 | 6;

/** An address as a number, with its canonical text (IPv6 compressed, lower case). */
export interface ParsedIp {
  readonly version: IpVersion;
  /** canonical text (IPv6 compressed, lower case) */
  readonly text: string;
  /** address as an unsigned integer */
  readonly value: bigint;
}

/** An address with a prefix length (a CIDR), parsed. */
export interface ParsedCidr {
  readonly version: IpVersion;
  readonly address: ParsedIp;
  readonly prefix: number;
  /** network address (host bits cleared) as an integer */
  readonly network: bigint;
}

/** A host name or address with an optional port (a WireGuard endpoint). */
export interface Endpoint {
  readonly host: string;
  readonly port?: number;
}

/**
 * An address of a config (an `ip` format): parsed, and as it was written,
 * because the reference renders it verbatim (an IPv6 gateway or peer keeps
 * its spelling in the interfaces file and frr.conf).
 */
export interface IpAddr extends ParsedIp {
  readonly written: string;
}

/** One of a subnet's `dhcp-range` items: the first and last address handed out. */
export interface DhcpRange {
  readonly start: IpAddr;
  readonly end: IpAddr;
}
