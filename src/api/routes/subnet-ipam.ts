/**
 * Subnet edits and the zone's IPAM, in the reference's order: the IPAM
 * change is made first (so an IPAM refusal, e.g. deleting a subnet that
 * still has guest addresses, leaves the config untouched), then the config
 * is saved; when saving fails, the IPAM change is undone. An intent record
 * makes the two one crash-consistent step (ipam/subnet-intents.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import { ipamById, ipamSubnetOfSection } from '../../ipam/sdn-deps.js';
import { subnetAdded, subnetChanged, subnetRemoved, type Undo } from '../../ipam/subnet-hooks.js';
import { intentRecord, pendingIntents, sectionValues } from '../../ipam/subnet-intents.js';
import { IpamError, type IpamBackend } from '../../ipam/types.js';
import { SdnError, withContext } from '../../util/errors.js';
import { SETS } from '../../sdn/kinds.js';
import { loadState, type SdnState } from '../../sdn/state.js';
import type { StoreWrite } from '../../store/types.js';
import { PartialFailureError } from '../../util/compensation.js';
import { HttpError } from '../../util/http-json.js';
import type { Services } from '../route.js';
import { sdnWrite } from './sdn-tx.js';

function ipamIdOf(state: SdnState, zone: string): string | undefined {
  const id = state.files.zones.sections.get(zone)?.values.get('ipam');
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function refusal(e: unknown, context: string): unknown {
  if (e instanceof IpamError) return new SdnError(`${context}: ${e.message}`, e.code === 'subnet-not-empty' ? 'conflict' : 'failed');
  if (e instanceof HttpError || e instanceof PartialFailureError) return new SdnError(`${context}: ${e.message}`);
  return e;
}

/**
 * Writes the edit `plan` computes (from the current state, without side
 * effects: refusals surface before the IPAM is touched) with the IPAM
 * following subnet `id`, under the global lock token.
 */
export async function withSubnetIpam(services: Services, context: string, id: string, plan: (state: SdnState) => readonly StoreWrite[], lockToken: string | undefined): Promise<void> {
  const commit = (extra: readonly StoreWrite[]) => sdnWrite(services, lockToken, context, (state) => ({ writes: [...plan(state), ...extra], result: undefined }));
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
  const oldValues = before.files.subnets.sections.get(id)?.values;
  const nextValues = after.files.subnets.sections.get(id)?.values;
  const old = ipamSubnetOfSection(id, oldValues);
  const next = ipamSubnetOfSection(id, nextValues);
  const zone = (next ?? old)?.zone;
  const state = next ? after : before;
  const ipamId = zone ? ipamIdOf(state, zone) : undefined;
  if (!ipamId || !services.ipam || docs.get(SETS.subnets.file) === snapshot.docs.get(SETS.subnets.file)) return commit([]);
  let ipam: IpamBackend;
  try {
    ipam = ipamById(state, ipamId, services.ipam);
  } catch (e) {
    throw refusal(e, context);
  }

  const intent = intentRecord({ owner: services.nodename, subnet: id, ipam: ipamId, before: sectionValues(oldValues), after: sectionValues(nextValues) });
  const clear = () => services.store.transact(() => ({ writes: [intent.done], result: null }));
  // the intent is also the subnet's lock: one IPAM change per subnet at a time, on the section its plan saw
  // (two requests both adding a subnet would both succeed in the IPAM, and the one refused by the config would take it out)
  await services.store.transact((snap) => {
    const current = loadState(snap).files.subnets.sections.get(id)?.values;
    if (pendingIntents(snap).some((p) => p.intent?.subnet === id) || !isDeepStrictEqual(sectionValues(current), sectionValues(oldValues))) {
      throw new SdnError(`${context}: subnet '${id}' is being changed by another request; try again`, 'conflict');
    }
    return { writes: [intent.write], result: null };
  });
  let undo: Undo;
  try {
    undo = next && old ? await subnetChanged(ipam, next, old) : next ? await subnetAdded(ipam, next) : old ? await subnetRemoved(ipam, old) : async () => {};
  } catch (e) {
    // the hooks took back what they did
    await clear();
    throw refusal(e, context);
  }
  try {
    // the config write and the end of the intent in one transaction
    await commit([intent.done]);
  } catch (e) {
    // kept when the undo fails: the next start takes it back
    await undo();
    await clear();
    throw e;
  }
}
