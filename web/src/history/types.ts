/** The answers of Weft's revision and confirmation routes (src/api/routes/sdn-revisions.ts). */
export interface ChangeSet {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly deleted: readonly string[];
}

export interface RevisionRow {
  readonly revision: number;
  /** unix seconds */
  readonly time: number;
  readonly user: string;
  readonly note?: string;
  readonly running: boolean;
  readonly changes: Readonly<Record<string, ChangeSet>>;
  /** unix seconds; set while this revision waits for confirmation */
  readonly 'confirm-deadline'?: number;
}

export type Section = Readonly<Record<string, unknown>>;

export interface SectionChanges {
  readonly added: readonly { readonly id: string; readonly after: Section }[];
  readonly changed: readonly { readonly id: string; readonly before: Section; readonly after: Section }[];
  readonly deleted: readonly { readonly id: string; readonly before: Section }[];
}

export interface RevisionDiff {
  readonly from: number;
  readonly to: number;
  readonly sections: Readonly<Record<string, SectionChanges>>;
  readonly nodes: readonly { readonly node: string; readonly 'interfaces-diff': string | null; readonly 'frr-diff': string | null }[];
}

export interface PendingConfirm {
  readonly version: number;
  readonly previous: number;
  readonly window: number;
  /** unix seconds */
  readonly deadline: number;
  readonly remaining: number;
  readonly user: string;
}
