/**
 * Subnet edits and the zone's IPAM, in the reference's order: the IPAM
 * change is made first (so an IPAM refusal, e.g. deleting a subnet that
 * still has guest addresses, leaves the config untouched), then the config
 * is saved; when saving fails, the IPAM change is undone.
 */
import type { SectionValue } from '../../config/section-config.js';
import { ipamBackend } from '../../ipam/index.js';
import { subnetAdded, subnetChanged, subnetRemoved, type Undo } from '../../ipam/subnet-hooks.js';
import { IpamError, type IpRange, type IpamSubnet } from '../../ipam/types.js';
import type { RawConfig } from '../../model/config.js';
import { decodeConfig } from '../../model/decode-config.js';
import { parseIp } from '../../model/ip.js';
import { parseDhcpRange, parseSubnetId } from '../../model/subnet.js';
import { SdnError, withContext } from '../../sdn/errors.js';
import { SETS } from '../../sdn/kinds.js';
import { loadState, rawSections, type SdnState, type TextSection } from '../../sdn/state.js';
import type { StoreWrite } from '../../store/types.js';
import { PartialFailureError } from '../../util/compensation.js';
import { HttpError } from '../../util/http-json.js';
import type { Services } from '../route.js';

const text = (v: SectionValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

function ipamSubnet(id: string, s: TextSection | undefined): IpamSubnet | null {
  const sid = parseSubnetId(id);
  const vnet = text(s?.values.get('vnet'));
  if (!s || !sid || !vnet) return null;
  const gateway = parseIp(text(s.values.get('gateway')) ?? '');
  const ranges: IpRange[] = [];
  const raw = s.values.get('dhcp-range');
  for (const r of raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw) {
    const p = parseDhcpRange(r);
    const start = p && parseIp(p['start-address']);
    const end = p && parseIp(p['end-address']);
    if (start && end) ranges.push({ start, end });
  }
  const prefix = text(s.values.get('dnszoneprefix'));
  return { id, zone: sid.zone, vnet, cidr: sid.cidr, cidrText: sid.text, ...(gateway ? { gateway } : {}), dhcpRanges: ranges, ...(prefix ? { dnszoneprefix: prefix } : {}) };
}

function backendFor(state: SdnState, services: Services, zone: string) {
  const ipamId = text(state.files.zones.sections.get(zone)?.values.get('ipam'));
  if (!ipamId || !services.ipam) return null;
  const section = rawSections('ipams', state.files.ipams, state.secrets)[ipamId];
  if (!section) throw new SdnError(`ipam '${ipamId}' of zone '${zone}' does not exist`);
  const decoded = decodeConfig({ ipams: { ids: { [ipamId]: section } } } as RawConfig);
  const config = decoded.config?.ipams.get(ipamId);
  if (!config) throw new SdnError(`ipam '${ipamId}' is not valid: ${decoded.issues.map((i) => i.message).join('; ')}`);
  return ipamBackend(config, { pve: services.ipam.pve, ...(services.ipam.http ? { http: services.ipam.http } : {}) });
}

/**
 * Runs `commit` (the config write) with the IPAM following subnet `id`:
 * `plan` computes the writes the commit will make, from the current state,
 * without side effects (refusals surface here, before the IPAM is touched).
 */
export async function withSubnetIpam(services: Services, context: string, id: string, plan: (state: SdnState) => readonly StoreWrite[], commit: () => Promise<void>): Promise<void> {
  const snapshot = await services.store.read();
  const before = loadState(snapshot);
  const docs = new Map(snapshot.docs);
  let writes: readonly StoreWrite[];
  try {
    writes = plan(before);
  } catch (e) {
    throw withContext(e, context);
  }
  for (const w of writes) {
    if (w.value === null) docs.delete(w.key);
    else docs.set(w.key, w.value);
  }
  const after = loadState({ revision: `${snapshot.revision}+plan`, docs });
  const old = ipamSubnet(id, before.files.subnets.sections.get(id));
  const next = ipamSubnet(id, after.files.subnets.sections.get(id));
  const zone = (next ?? old)?.zone;
  const ipam = zone ? backendFor(next ? after : before, services, zone) : null;
  if (!ipam || docs.get(SETS.subnets.file) === snapshot.docs.get(SETS.subnets.file)) return commit();

  let undo: Undo;
  try {
    undo = next && old ? await subnetChanged(ipam, next, old) : next ? await subnetAdded(ipam, next) : old ? await subnetRemoved(ipam, old) : async () => {};
  } catch (e) {
    if (e instanceof IpamError) throw new SdnError(`${context}: ${e.message}`, e.code === 'subnet-not-empty' ? 'conflict' : 'failed');
    if (e instanceof HttpError || e instanceof PartialFailureError) throw new SdnError(`${context}: ${e.message}`);
    throw e;
  }
  try {
    await commit();
  } catch (e) {
    await undo();
    throw e;
  }
}
