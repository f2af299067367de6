/**
 * The answers of the routes the web UI reads, each declared once: the
 * routes' handlers return these types and the UI imports them (`import
 * type`). This module and what it imports declare types only and import
 * nothing of Node, so the UI's compiler (no Node types) reads them too.
 */
import type { FileDiffs } from '../sdn/file-diffs.js';
import type { ObjectState } from '../sdn/node-report.js';
import type { RevisionMeta } from '../sdn/revision-meta.js';

export type { DryRunAnswer, FileDiffs } from '../sdn/file-diffs.js';
export type { NodeStatus as AgentReport } from '../sdn/node-report.js';
/** `GET /cluster/sdn/ipams/{ipam}/status`: one address the IPAM holds. */
export type { IpamEntry } from '../ipam/status-entry.js';
export type { TaskLogLine, TaskStatus } from '../tasks/task-status.js';
/** `GET /cluster/sdn/<set>` and `…/{id}`: a section as read (sdn/views.ts `SetRows` types each set's from its kind's tables; the UI reads any kind's). */
export type { DhcpRangeAnswer, PendingValues, RowState, RowValue, SectionRow } from '../sdn/section-row.js';

/** `GET /cluster/sdn/status`: the running version, the lock, and what an apply would change per section set. */
export interface SdnStatusAnswer {
  readonly version: number;
  readonly locked: boolean;
  readonly pending: Readonly<Record<string, number>>;
  readonly 'pending-total': number;
}

/** `GET /nodes`: this server's node (online) and every node with an agent. */
export interface NodeRow {
  readonly node: string;
  readonly status: 'online' | 'unknown';
}

/** `GET /cluster/resources?type=sdn`: one zone on one node (a type, so it reads as a plain record). */
export type SdnResourceRow = {
  readonly id: string;
  readonly type: 'sdn';
  readonly sdn: string;
  readonly node: string;
  readonly status: ObjectState;
  readonly 'zone-type'?: string;
};

/** `GET /nodes/{node}/sdn/zones/{zone}/content`: one VNet of the zone on the node. */
export interface VnetStatusRow {
  readonly vnet: string;
  readonly status: ObjectState;
  readonly statusmsg?: string;
}

/** `POST /access/ticket`: a login, or with NeedTFA the ticket carrying the second factor's challenge. */
export interface LoginAnswer {
  readonly username: string;
  readonly ticket: string;
  readonly CSRFPreventionToken: string;
  /** what the user may do, per area of the reference's GUI (absent while a second factor is awaited) */
  readonly cap?: Readonly<Record<string, Readonly<Record<string, 1>>>>;
  /** 1: the user has second factors; answer the challenge to log in */
  readonly NeedTFA?: 1;
  /** Weft's: 1 while the password is still the first start's one-time password */
  readonly NeedPasswordChange?: 1;
}

/** `GET /cluster/sdn/revisions`: one kept revision. */
export interface RevisionRow extends RevisionMeta {
  readonly running: boolean;
  /** unix seconds; set while this revision waits for confirmation */
  readonly 'confirm-deadline'?: number;
}

/** A section's values as a revision holds them. */
export type RevisionSection = Readonly<Record<string, unknown>>;

/** One section set's changes between two revisions. */
export interface SectionChanges {
  readonly added: readonly { readonly id: string; readonly after: RevisionSection }[];
  readonly changed: readonly { readonly id: string; readonly before: RevisionSection; readonly after: RevisionSection }[];
  readonly deleted: readonly { readonly id: string; readonly before: RevisionSection }[];
}

/** `GET /cluster/sdn/revisions/{revision}/diff`: the sections and each node's files, from one revision to another. */
export interface RevisionDiff {
  readonly from: number;
  readonly to: number;
  readonly sections: Readonly<Record<string, SectionChanges>>;
  readonly nodes: readonly ({ readonly node: string } & FileDiffs)[];
}

/** `GET /cluster/sdn/confirm`: the apply waiting for confirmation (null: none). */
export interface PendingConfirm {
  readonly version: number;
  readonly previous: number;
  readonly window: number;
  /** unix seconds */
  readonly deadline: number;
  readonly remaining: number;
  readonly user: string;
}
