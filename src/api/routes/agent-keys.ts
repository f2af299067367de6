/**
 * The one way a private key leaves the server: `weft agent --server` fetches
 * its own node's WireGuard keys to write the node's `wg` configs. Only an
 * agent's credentials may: an API token (a browser session never needs a
 * private key, so a login ticket is refused even for root) that holds what an
 * agent holds, SDN.Audit on /sdn and Sys.Modify on the node.
 */
import { nodeWireguardKeys } from '../../sdn/wireguard-keys.js';
import { SdnError } from '../../util/errors.js';
import { PermissionError } from '../errors.js';
import { NODE_PARAM } from '../params.js';
import { route, type RouteDef } from '../route.js';
import { readState } from './sdn-tx.js';

export const AGENT_KEY_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/nodes/{node}/sdn/agent/wireguard-keys',
    params: { node: NODE_PARAM },
    permission: { and: [{ path: '/nodes/{node}', privs: ['Sys.Modify'] }, { path: '/sdn', privs: ['SDN.Audit'] }] },
    async handler(ctx) {
      if (!ctx.principal?.isToken) throw new PermissionError("an agent's API token: private keys are not given to a login session");
      const { keys, issues } = (await readState(ctx)).wireguardKeys;
      // a partial answer would make the agent remove the configs of the keys it lacks
      if (issues.length > 0) throw new SdnError('the WireGuard key store does not parse; see the server');
      const mine = nodeWireguardKeys(keys, ctx.params.node);
      return [...mine].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, key]) => ({ name, key }));
    },
  }),
];
