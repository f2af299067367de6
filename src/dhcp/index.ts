/** The DHCP plugin table (zone option `dhcp`) and the node's DHCP files. */
import type { Issue } from '../model/issues.js';
import type { Zone } from '../zones/kind.js';
import type { NodeFile } from '../ir/node-file.js';
import { dnsmasqFiles } from './dnsmasq.js';
import { planDhcp, type DhcpPlanInput, type DhcpZone } from './plan.js';

export interface DhcpPlugin {
  /** the files serving one zone on the node */
  readonly files: (zone: DhcpZone) => NodeFile[];
}

export const DHCP_PLUGINS = {
  dnsmasq: { files: dnsmasqFiles },
} as const satisfies Record<NonNullable<Zone['dhcp']>, DhcpPlugin>;

export function renderDhcp(input: DhcpPlanInput): { readonly files: readonly NodeFile[]; readonly warnings: readonly Issue[] } {
  const plan = planDhcp(input);
  return { files: plan.zones.flatMap((z) => DHCP_PLUGINS[z.type].files(z)), warnings: plan.warnings };
}
