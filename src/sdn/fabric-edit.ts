/**
 * The rules of editing fabrics and their nodes that are about the edit (the
 * reference's fabric API): a fabric's protocol does not change, a node joins
 * a fabric of its protocol, and a fabric is deleted with its nodes. What the
 * resulting fabrics must satisfy is the fabric modules' (fabrics/checks.ts),
 * which every edit runs (edit.ts).
 */
import type { FabricProtocol } from '../model/fabric-kind.js';
import type { StoreWrite } from '../store/types.js';
import { SdnError } from '../util/errors.js';
import { createSection, deleteSection, updateSection, type Params } from './edit.js';
import type { SdnState } from './state.js';

/** A fabric node's section id: `<fabric>_<node>` (neither name holds an underscore). */
export const fabricNodeId = (fabric: string, node: string): string => `${fabric}_${node}`;

/** The protocol of fabric `id` in the edited config. */
export function fabricProtocol(state: SdnState, id: string): string {
  const s = state.files.fabrics.sections.get(id);
  if (!s || !s.type.endsWith('_fabric')) throw new SdnError(`fabric '${id}' does not exist`, 'not-found');
  return s.type.slice(0, -'_fabric'.length);
}

export function createFabric(state: SdnState, id: string, protocol: FabricProtocol, values: Params): StoreWrite[] {
  return createSection(state, 'fabrics', id, `${protocol}_fabric`, values);
}

/** A fabric's update; `protocol` is the one the caller names, which must be the fabric's. */
export function updateFabric(state: SdnState, id: string, protocol: FabricProtocol, values: Params, toDelete: readonly string[], digest: string | undefined): StoreWrite[] {
  if (fabricProtocol(state, id) !== protocol) throw new SdnError(`fabric '${id}' is not an ${protocol} fabric; the protocol cannot change`);
  return updateSection(state, 'fabrics', id, values, toDelete, digest);
}

/** A node joins a fabric of the protocol the caller names. */
export function createFabricNode(state: SdnState, fabric: string, node: string, protocol: FabricProtocol, values: Params): StoreWrite[] {
  if (fabricProtocol(state, fabric) !== protocol) throw new SdnError(`fabric '${fabric}' is not an ${protocol} fabric`);
  return createSection(state, 'fabrics', fabricNodeId(fabric, node), `${protocol}_node`, values);
}

/** A fabric goes with its nodes, as in the reference. */
export function deleteFabric(state: SdnState, id: string): StoreWrite[] {
  fabricProtocol(state, id);
  const sections = new Map([...state.files.fabrics.sections].filter(([k]) => k !== id && !k.startsWith(`${id}_`)));
  const next: SdnState = { ...state, files: { ...state.files, fabrics: { sections: new Map(sections).set(id, state.files.fabrics.sections.get(id) ?? { type: '', values: new Map() }), digest: '' } } };
  return deleteSection(next, 'fabrics', id);
}
