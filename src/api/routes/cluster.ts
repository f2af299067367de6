/** `/version`, `/cluster/resources` (the SDN part) and the directory indexes. */
import { nodeKeys, objectStatus, parseNodeStatus } from '../../sdn/node-status.js';
import { loadState, runningVersion } from '../../sdn/state.js';
import { route, type RouteDef } from '../route.js';
import { knownNodes, zonesOnNode } from './nodes.js';

export const CLUSTER_ROUTES: readonly RouteDef[] = [
  route({ method: 'GET', path: '/', params: {}, handler: () => ['access', 'cluster', 'nodes', 'version'].map((subdir) => ({ subdir })) }),
  route({ method: 'GET', path: '/cluster', params: {}, handler: () => ['sdn', 'resources'].map((name) => ({ name })) }),
  route({
    method: 'GET',
    path: '/version',
    params: {},
    handler: (ctx) => ({ version: ctx.services.version, release: ctx.services.version.split('.').slice(0, 2).join('.'), repoid: '00000000', product: 'weft' }),
  }),
  route({
    method: 'GET',
    path: '/cluster/resources',
    params: { type: { type: 'string', enum: ['vm', 'storage', 'node', 'sdn'], optional: true, description: 'Resource type.' } },
    async handler(ctx) {
      const type = ctx.params.type;
      const snap = await ctx.services.store.read();
      const state = loadState(snap);
      const out: Record<string, unknown>[] = [];
      for (const node of await knownNodes(ctx.services)) {
        if (!type || type === 'node') out.push({ id: `node/${node}`, type: 'node', node, status: node === ctx.services.nodename ? 'online' : 'unknown' });
        if (type && type !== 'sdn') continue;
        const status = parseNodeStatus(snap.docs.get(nodeKeys(node).status));
        for (const zone of zonesOnNode(state, node)) {
          if (!ctx.can(`/sdn/zones/${zone}`, ['SDN.Audit'])) continue;
          out.push({ id: `sdn/${node}/${zone}`, type: 'sdn', sdn: zone, node, status: objectStatus(status, runningVersion(state), 'zones', zone).status });
        }
      }
      return out;
    },
  }),
];
