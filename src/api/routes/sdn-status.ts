/**
 * `GET /cluster/sdn/status` (a Weft addition for the web UI's overview):
 * the running config's version, the global lock, and how many sections of
 * each applied set differ between the edited and the running config (what
 * an apply would change; IPAM and DNS take effect at once, so never count).
 */
import { RUNNING_SETS } from '../../sdn/kinds.js';
import { runningVersion } from '../../sdn/state.js';
import { setView } from '../../sdn/views.js';
import type { SdnStatusAnswer } from '../answers.js';
import { route, type RouteDef } from '../route.js';
import { readState } from './sdn-tx.js';

export const STATUS_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/cluster/sdn/status',
    params: {},
    permission: { path: '/sdn', privs: ['SDN.Audit'] },
    async handler(ctx): Promise<SdnStatusAnswer> {
      const state = await readState(ctx);
      const pending: Record<string, number> = {};
      for (const set of RUNNING_SETS) {
        pending[set] = Object.values(setView(state, set, 'pending').ids).filter((s) => s.state !== undefined).length;
      }
      return { version: runningVersion(state), locked: state.lock !== null, pending, 'pending-total': Object.values(pending).reduce((a, b) => a + b, 0) };
    },
  }),
];
