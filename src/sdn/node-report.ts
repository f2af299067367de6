/**
 * What a node agent reports about its last pass (its status document, and
 * the API's answer at `/nodes/{node}/sdn/agent`), as types that import
 * nothing: the web UI takes them from here too.
 */

/** The reference's per-zone and per-VNet states. */
export type ObjectState = 'available' | 'pending' | 'error';

export interface ObjectStatus {
  readonly status: ObjectState;
  readonly statusmsg?: string;
}

export interface NodeCheck {
  readonly severity: 'error' | 'warning';
  readonly path: string;
  readonly message: string;
}

/**
 * One way the node no longer matches what its agent applied: a rendered file
 * changed on disk, a VNet bridge or VXLAN device (or one of its addresses)
 * gone, FRR running another config than frr.conf, a zone's dnsmasq stopped.
 */
export interface DriftItem {
  readonly kind: 'file' | 'link' | 'address' | 'frr' | 'dnsmasq';
  /** the file path, interface, `interface address`, `frr` or DHCP zone */
  readonly item: string;
  readonly message: string;
}

export interface NodeStatus {
  readonly node: string;
  /** the running-config version this report is about */
  readonly version: number;
  /** `applying` while the agent works on `version`; `applied` or `error` when done */
  readonly state: 'applying' | 'applied' | 'error';
  /** the last version whose files are on the node (null: none yet) */
  readonly applied: number | null;
  /** why `version` failed, or a note (e.g. not reloaded) */
  readonly message?: string;
  /** unix seconds of the report */
  readonly time: number;
  readonly zones: Readonly<Record<string, ObjectStatus>>;
  readonly vnets: Readonly<Record<string, ObjectStatus>>;
  /** render warnings and pre-flight findings of this pass */
  readonly checks: readonly NodeCheck[];
  /** node paths written or removed by this pass */
  readonly changed: readonly string[];
  readonly reloaded: readonly string[];
  /** the agent's last check that the node still matches what it applied (unix seconds; no items: it does) */
  readonly drift?: { readonly time: number; readonly items: readonly DriftItem[] };
}
