/**
 * What a VXLAN overlay fits into: 50 bytes of encapsulation on top of the
 * underlay's MTU, which over a WireGuard fabric is the WireGuard interface's
 * (wg(8)'s default 1420: 1500 minus 80 bytes of WireGuard over IPv6). Which
 * fabric a zone tunnels over is the zone's to say (`zones/tunnel-mtu.ts`).
 */

/** VXLAN over IPv4 adds 50 bytes (outer Ethernet is not counted: 14 + 20 + 8 + 8). */
export const VXLAN_OVERHEAD = 50;
export const DEFAULT_VXLAN_MTU = 1450;
/** the MTU WireGuard gives its interfaces when none is set (wg-quick, ifupdown2) */
export const WIREGUARD_DEFAULT_MTU = 1420;

/** The overlay MTU a path of `pathMtu` bytes carries. */
export const overlayMtu = (pathMtu: number): number => pathMtu - VXLAN_OVERHEAD;

/** Why the zone's explicit MTU is too large for a path of `pathMtu` bytes (over `what`), or null. */
export function overlayMtuProblem(zoneMtu: number | undefined, pathMtu: number, what: string): string | null {
  if (zoneMtu === undefined || zoneMtu <= overlayMtu(pathMtu)) return null;
  return `MTU ${zoneMtu} is too large for ${what}: ${pathMtu} bytes minus ${VXLAN_OVERHEAD} of VXLAN leaves ${overlayMtu(pathMtu)}; set mtu ${overlayMtu(pathMtu)} or less (or leave it out)`;
}
