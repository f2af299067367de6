/** The shapes of the API answers the UI reads: a section read (its values are the section kind's), and the answers the server declares (src/api/answers.ts). */

/** A section as read with `pending=1`: running values, `state` and the pending values. */
export interface SectionRow {
  readonly type?: string;
  readonly state?: 'new' | 'changed' | 'deleted';
  /** values that differ from the running config (`'deleted'` for removed keys) */
  readonly pending?: Readonly<Record<string, unknown>>;
  readonly digest?: string;
  readonly [key: string]: unknown;
}

/** The answers of Weft's own routes, as the server declares them. */
export type {
  AgentReport,
  DryRunAnswer as DryRun,
  IpamEntry,
  LoginAnswer,
  NodeRow,
  SdnResourceRow as SdnResource,
  SdnStatusAnswer as SdnStatus,
  TaskLogLine,
  TaskStatus,
  VnetStatusRow as VnetStatus,
} from '../../../src/api/answers';
