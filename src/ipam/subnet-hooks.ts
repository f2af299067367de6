/**
 * A subnet's life in its zone's IPAM, as the reference's subnet hooks do it:
 * created → the IPAM learns the subnet (and its DHCP ranges) and reserves
 * the gateway (`<vnet>-gw`; not for a /32, whose gateway lies outside);
 * changed → ranges and gateway follow; deleted → refused while guests still
 * have addresses in it. Each returns the undo of what it did, so the caller
 * can take it back when saving the config fails afterwards.
 */
import { cidrContains } from '../model/ip.js';
import { Compensation } from '../util/compensation.js';
import { PveIpam } from './pve.js';
import { IpamError, type IpamBackend, type IpamSubnet } from './types.js';

export type Undo = () => Promise<unknown>;

/** The gateway the IPAM reserves: none for a point-to-point /32 (its gateway is outside the subnet). */
function reservedGateway(subnet: IpamSubnet): IpamSubnet['gateway'] {
  return subnet.gateway && cidrContains(subnet.cidr, subnet.gateway) ? subnet.gateway : undefined;
}

async function run(steps: (c: Compensation) => Promise<void>): Promise<Undo> {
  const c = new Compensation();
  try {
    await steps(c);
  } catch (e) {
    await c.revert();
    throw e;
  }
  return () => c.revert();
}

export function subnetAdded(ipam: IpamBackend, subnet: IpamSubnet): Promise<Undo> {
  return run(async (c) => {
    await c.step(`subnet ${subnet.cidrText} in the IPAM`, () => ipam.addSubnet(subnet), () => ipam.delSubnet(subnet));
    const gw = reservedGateway(subnet);
    if (gw) await c.step(`gateway ${gw.text}`, () => ipam.addIp(subnet, gw, { hostname: `${subnet.vnet}-gw` }, true), () => ipam.delIp(subnet, gw));
  });
}

export function subnetChanged(ipam: IpamBackend, subnet: IpamSubnet, old: IpamSubnet): Promise<Undo> {
  return run(async (c) => {
    await c.step(`subnet ${subnet.cidrText} in the IPAM`, () => ipam.updateSubnet(subnet, old), () => ipam.updateSubnet(old, subnet));
    const gw = reservedGateway(subnet);
    const oldGw = reservedGateway(old);
    if (gw?.value === oldGw?.value) return;
    if (gw) await c.step(`gateway ${gw.text}`, () => ipam.addIp(subnet, gw, { hostname: `${subnet.vnet}-gw` }, true), () => ipam.delIp(subnet, gw));
    if (oldGw) await c.step(`release old gateway ${oldGw.text}`, () => ipam.delIp(old, oldGw), () => ipam.addIp(old, oldGw, { hostname: `${old.vnet}-gw` }, true));
  });
}

export function subnetRemoved(ipam: IpamBackend, subnet: IpamSubnet): Promise<Undo> {
  return run(async (c) => {
    try {
      await ipam.delSubnet(subnet);
    } catch (e) {
      // a subnet the IPAM never knew (created before the zone had an IPAM) has nothing to remove
      if (e instanceof IpamError && (e.code === 'unknown-zone' || e.code === 'unknown-subnet')) return;
      throw e;
    }
    c.done(`subnet ${subnet.cidrText} back in the IPAM`, async () => {
      await ipam.addSubnet(subnet);
      const gw = reservedGateway(subnet);
      if (gw) await ipam.addIp(subnet, gw, { hostname: `${subnet.vnet}-gw` }, true);
    });
  });
}

const tolerated = (e: unknown, codes: readonly string[]): boolean => e instanceof IpamError && codes.includes(e.code);

/**
 * Brings the IPAM back to `before` (null: no subnet) after an edit towards
 * `after` stopped at an unknown step (the server was killed): each step is
 * idempotent, so it holds whether the edit's IPAM part ran wholly, partly or
 * not at all. Returns what it could not restore, for the log.
 */
export async function subnetRestored(ipam: IpamBackend, before: IpamSubnet | null, after: IpamSubnet | null): Promise<string[]> {
  const left: string[] = [];
  if (!before) {
    if (!after) return left;
    try {
      await ipam.delSubnet(after);
    } catch (e) {
      // never written, or already taken back; guests with addresses in it keep them
      if (!tolerated(e, ['unknown-zone', 'unknown-subnet'])) left.push(`subnet ${after.cidrText} stays in the IPAM: ${(e as Error).message}`);
    }
    return left;
  }
  if (after) await ipam.updateSubnet(before, after);
  else {
    try {
      await ipam.addSubnet(before);
    } catch (e) {
      if (!tolerated(e, ['subnet-exists'])) throw e;
    }
  }
  const gw = reservedGateway(before);
  if (gw) {
    try {
      await ipam.addIp(before, gw, { hostname: `${before.vnet}-gw` }, true);
    } catch (e) {
      if (!tolerated(e, ['ip-exists'])) throw e;
      left.push(`gateway ${gw.text} of ${before.cidrText} is held by a guest`);
    }
  }
  const newGw = after ? reservedGateway(after) : undefined;
  if (after && newGw && newGw.value !== gw?.value) {
    // only the edit's own reservation goes: the built-in IPAM says which entry is a gateway
    if (!(ipam instanceof PveIpam)) left.push(`gateway ${newGw.text} of ${after.cidrText} left in the ${ipam.type} IPAM`);
    else if ((await ipam.entry(after, newGw))?.gateway) await ipam.delIp(after, newGw);
  }
  return left;
}
