/** The answers of Weft's revision and confirmation routes (src/api/routes/sdn-revisions.ts). */
import type { RevisionMeta } from '../../../src/sdn/revision-meta';

export interface RevisionRow extends RevisionMeta {
  readonly running: boolean;
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
