/** IS-IS controller: an IS-IS underlay on this node (router, NET, interfaces); one per node. */
import type { IsisController } from '../model/controller.js';
import { checkOnePerNode } from './checks.js';
import type { ControllerPlugin } from './plugin.js';

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
