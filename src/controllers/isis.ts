/** IS-IS controller: an IS-IS underlay on this node (router, NET, interfaces); one per node. */
import { optional, required, type TypeTables } from '../model/section-kind.js';
import { checkOnePerNode } from './checks.js';
import type { ControllerOf } from './options.js';
import type { ControllerPlugin } from './plugin.js';

export const isisOptions = {
  properties: {
    'isis-domain': { type: 'string', description: 'Name of the IS-IS domain.' },
    'isis-ifaces': { type: 'string', format: 'pve-iface-list', description: 'Comma-separated list of interfaces where IS-IS should be active.' },
    'isis-net': {
      type: 'string',
      format: 'pve-sdn-isis-net',
      pattern: '[a-fA-F0-9]{2}(\\.[a-fA-F0-9]{4}){3,9}\\.[a-fA-F0-9]{2}',
      minLength: 20,
      maxLength: 50,
      description: 'Network Entity title for this node in the IS-IS network.',
    },
  },
  rules: { 'isis-domain': required, 'isis-net': required, 'isis-ifaces': required, node: required, loopback: optional },
} as const satisfies TypeTables;
export type IsisController = ControllerOf<'isis', typeof isisOptions>;

export const isisControllerPlugin: ControllerPlugin<IsisController> = {
  type: 'isis',
  check: (ctx, controllers) => checkOnePerNode(ctx, 'isis', controllers),
  generate(ctx, c) {
    if (c.node !== ctx.facts.nodename) return;
    const domain = c['isis-domain'];
    ctx.frr.isisRouters.set(domain, {
      net: c['isis-net'],
      redistribute: { ipv4Connected: 'level-1', ipv6Connected: 'level-1' },
      logAdjacencyChanges: true,
      custom: [],
    });
    for (const iface of c['isis-ifaces']) ctx.frr.isisInterfaces.set(iface, { domain, ipv4: true, ipv6: false, custom: [] });
  },
};
