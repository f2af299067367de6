/**
 * What a dry run and a revision diff answer for a node's files: types that
 * import nothing, so the web UI takes them from here too (api/answers.ts).
 */

/** A node's two main files rendered from one config and from another, as unified diffs (null: no change). */
export interface FileDiffs {
  readonly 'frr-diff': string | null;
  readonly 'interfaces-diff': string | null;
}

/** `GET /cluster/sdn/dry-run`: the reference's answer and Weft's additions. */
export interface DryRunAnswer extends FileDiffs {
  /** the other files an apply writes (a DHCP zone's dnsmasq files), as diffs by path */
  readonly 'files-diff': Readonly<Record<string, string>>;
  /** before the node's agent first reported: what these files lack until it does; null after */
  readonly 'waiting-for-facts': string | null;
}
