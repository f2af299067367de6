/**
 * A file a render produces beyond the interfaces and FRR files (dnsmasq
 * config per DHCP zone, …), as a value the node agent writes: `content: null`
 * means the file must not exist; `service` is what reloads after a change.
 */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string | null;
  /** e.g. `dnsmasq@zone1` */
  readonly service: string;
  readonly mode?: number;
}
