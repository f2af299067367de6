/**
 * What a node's last render produced, kept by its caller (the agent) so the
 * next render redoes only what its changed inputs affect: each VNet's part of
 * the interfaces by its VNet, zone and subnets, and frr.conf by the sections
 * it reads. Unchanged sections keep their decoded objects from one version to
 * the next (the decoder remembers them by their raw section), so most inputs
 * are compared by identity; the small node-wide ones (facts, interfaces file,
 * controllers, fabrics) by value. The output equals a render from scratch:
 * `test/render/incremental.test.ts` compares both on random change sequences.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Issue } from '../model/issues.js';
import type { Subnet } from '../model/subnet.js';
import type { Vnet } from '../model/vnet.js';
import type { Zone } from '../zones/kind.js';
import type { Step } from '../ir/ifupdown/recorder.js';

/** One VNet's part of the interfaces and what it was made from. */
export interface VnetPart {
  readonly vnet: Vnet;
  readonly zone: Zone;
  readonly subnets: readonly Subnet[];
  readonly steps: readonly Step[];
  readonly warning?: Issue;
}

export interface RenderStats {
  readonly vnets: number;
  /** VNets whose part was taken from the last render */
  readonly vnetsReused: number;
  readonly frrReused: boolean;
}

export interface RenderCache {
  /** node-wide inputs the VNet parts were made with (see `network.ts`) */
  network?: { readonly env: readonly unknown[]; readonly parts: ReadonlyMap<string, VnetPart> };
  /** frr.conf with its node-wide inputs (compared by value) and the sections it read (by identity) */
  frr?: { readonly values: readonly unknown[]; readonly records: readonly unknown[]; readonly text: string | null; readonly warnings: readonly Issue[] };
  /** what the last render reused */
  stats?: RenderStats;
}

/** The same objects in the same order. */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Inputs as a list of values, the same when each is the same object or equal in value. */
export function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !isDeepStrictEqual(a[i], b[i])) return false;
  return true;
}
