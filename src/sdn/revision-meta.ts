/**
 * A revision's record without its config, as the revision routes answer it:
 * imports nothing, so the web UI takes its types from here too.
 */

/** The ids an apply added, changed and deleted in one section set. */
export interface ChangeSet {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly deleted: readonly string[];
}

/** `Set`: the section sets' names (sdn/kinds.ts SetName on the server). */
export interface RevisionMeta<Set extends string = string> {
  /** the running-config version this apply made */
  readonly revision: number;
  /** unix seconds */
  readonly time: number;
  readonly user: string;
  /** set when not a plain apply: a revert, or a rollback of an unconfirmed apply */
  readonly note?: string;
  /** the section sets that changed against the config running before (sets without changes left out) */
  readonly changes: Readonly<Partial<Record<Set, ChangeSet>>>;
}
