/** The parameters an apply takes (`PUT /cluster/sdn`, a revision's revert) and the request they make. */
import type { ApplyRequest } from '../../sdn/apply-tx.js';
import { MAX_CONFIRM_SECONDS } from '../../sdn/confirm.js';
import { optBool, optInt } from '../params.js';
import type { Ctx } from '../route.js';
import { keptRevisions } from './apply-task.js';
import { optText } from './sdn-tx.js';

export const RELEASE_LOCK = optBool('When lock-token has been provided and the action succeeded, release the lock automatically afterwards', true);

export const CONFIRM_PARAM = optInt(
  'Weft extension: the nodes apply the new version, and unless POST /cluster/sdn/confirm arrives within this many seconds (or when a node fails it), every node returns to the previous version.',
  1,
  MAX_CONFIRM_SECONDS,
);

export function applyRequest(ctx: Ctx): ApplyRequest {
  const confirm = ctx.params.confirm;
  return {
    token: optText(ctx.params['lock-token']),
    releaseLock: ctx.params['release-lock'] !== false,
    user: ctx.principal?.authid ?? 'root@pam',
    keep: keptRevisions(ctx.services),
    ...(confirm !== undefined ? { confirm: Number(confirm) } : {}),
  };
}
