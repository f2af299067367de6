/**
 * One address of the built-in IPAM's status, as `GET
 * /cluster/sdn/ipams/{ipam}/status` answers it (`ipam/status.ts` makes
 * them). Types only, importing nothing: the web UI reads it through
 * api/answers.ts.
 */

/** a type, so it reads as a plain record */
export type IpamEntry = {
  readonly zone: string;
  readonly subnet: string;
  readonly vnet: string;
  readonly ip: string;
  readonly gateway?: 1;
  readonly vmid?: number;
  readonly mac?: string;
  readonly hostname?: string;
};
