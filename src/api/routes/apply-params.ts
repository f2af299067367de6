/** The parameters an apply takes (`PUT /cluster/sdn`, a revision's revert) and the request they make. */
import type { ApplyRequest } from '../../sdn/apply-tx.js';
import { MAX_CONFIRM_SECONDS } from '../../sdn/confirm.js';
import { LOCK_TOKEN, optBool, optInt } from '../params.js';
import type { RouteCtx } from '../route.js';
import { keptRevisions } from './apply-task.js';
import { optText } from './sdn-tx.js';

export const RELEASE_LOCK = optBool('When lock-token has been provided and the action succeeded, release the lock automatically afterwards', true);

export const CONFIRM_PARAM = optInt(
  'Weft extension: the nodes apply the new version, and unless POST /cluster/sdn/confirm arrives within this many seconds (or when a node fails it), every node returns to the previous version.',
  1,
  MAX_CONFIRM_SECONDS,
);

/** an apply's own parameters, beside the route's others (a revision's number) */
export const APPLY_PARAMS = { 'lock-token': LOCK_TOKEN, 'release-lock': RELEASE_LOCK, confirm: CONFIRM_PARAM };

export function applyRequest(ctx: RouteCtx<typeof APPLY_PARAMS>): ApplyRequest {
  const { confirm } = ctx.params;
  return {
    token: optText(ctx.params['lock-token']),
    releaseLock: ctx.params['release-lock'] !== false,
    user: ctx.principal?.authid ?? 'root@pam',
    keep: keptRevisions(ctx.services),
    ...(confirm !== undefined ? { confirm } : {}),
  };
}
