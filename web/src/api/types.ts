/** The shapes of the API answers the UI reads (the reference's, plus Weft's status). */

/** A section as read with `pending=1`: running values, `state` and the pending values. */
export interface SectionRow {
  readonly type?: string;
  readonly state?: 'new' | 'changed' | 'deleted';
  /** values that differ from the running config (`'deleted'` for removed keys) */
  readonly pending?: Readonly<Record<string, unknown>>;
  readonly digest?: string;
  readonly [key: string]: unknown;
}

export interface SdnStatus {
  readonly version: number;
  readonly locked: boolean;
  readonly pending: Readonly<Record<string, number>>;
  readonly 'pending-total': number;
}

export interface NodeRow {
  readonly node: string;
  readonly status: string;
}

/** `/cluster/resources?type=sdn`: one zone on one node. */
export interface SdnResource {
  readonly id: string;
  readonly sdn: string;
  readonly node: string;
  readonly status: string;
}

/** `/nodes/{node}/sdn/agent`: the node agent's last report (null: it never reported). */
export interface AgentReport {
  readonly node: string;
  readonly version: number;
  readonly state: 'applying' | 'applied' | 'error';
  readonly applied: number | null;
  readonly message?: string;
  /** unix seconds */
  readonly time: number;
  readonly checks: readonly { readonly severity: 'error' | 'warning'; readonly path: string; readonly message: string }[];
  /** the agent's last drift check: what no longer matches what it applied (none: the node matches) */
  readonly drift?: { readonly time: number; readonly items: readonly { readonly kind: string; readonly item: string; readonly message: string }[] };
}

export interface VnetStatus {
  readonly vnet: string;
  readonly status: string;
  readonly statusmsg?: string;
}

export interface TaskStatus {
  readonly upid: string;
  readonly node: string;
  readonly status: 'running' | 'stopped';
  readonly exitstatus?: string;
  readonly starttime: number;
  readonly endtime?: number;
}

export interface TaskLogLine {
  readonly n: number;
  readonly t: string;
}

export interface DryRun {
  readonly 'interfaces-diff': string | null;
  readonly 'frr-diff': string | null;
  /** Weft's: the other files an apply writes (dnsmasq), as diffs by path */
  readonly 'files-diff'?: Readonly<Record<string, string>>;
  /** Weft's: what waits for the node's first agent report */
  readonly 'waiting-for-facts'?: string | null;
}

/** `/cluster/sdn/ipams/{ipam}/status`: one address the IPAM holds (a type, so it reads as a plain record). */
export type IpamEntry = {
  readonly zone: string;
  readonly subnet: string;
  readonly vnet: string;
  readonly ip: string;
  readonly gateway?: number;
  readonly vmid?: number;
  readonly mac?: string;
  readonly hostname?: string;
};

export interface LoginAnswer {
  readonly username: string;
  /** a login ticket, or with NeedTFA the ticket carrying the second factor's challenge */
  readonly ticket: string;
  readonly CSRFPreventionToken: string;
  /** 1: the user has second factors; answer the challenge to log in */
  readonly NeedTFA?: number;
  /** Weft's: 1 while the password is still the first start's one-time password */
  readonly NeedPasswordChange?: number;
}
