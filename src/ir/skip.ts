/**
 * A part of a node's render that cannot be set up on this node (a missing
 * bridge, no BGP router-id): the reason, which the orchestrator reports as a
 * warning while the rest still renders, as the reference does. Returned, not
 * thrown, so a plugin's signature says that it can happen and the caller
 * cannot miss it.
 */
export interface Skipped {
  readonly kind: 'skipped';
  readonly reason: string;
}

/** A value a plugin needs, or why this node cannot have it. */
export type Outcome<T> = { readonly kind: 'ok'; readonly value: T } | Skipped;

export const skipped = (reason: string): Skipped => ({ kind: 'skipped', reason });
export const ok = <T>(value: T): Outcome<T> => ({ kind: 'ok', value });
