/** Reading the SDN state and running one guarded SDN write, for the routes. */
import type { StoreWrite } from '../../store/types.js';
import { withContext } from '../../util/errors.js';
import { loadState, type SdnState } from '../../sdn/state.js';
import { checkLockToken } from '../../sdn/workflow.js';
import type { Ctx, Services } from '../route.js';

/** The SDN state of the store as this request read it (Ctx.snapshot). */
export async function readState(ctx: Ctx): Promise<SdnState> {
  return loadState(ctx.snapshot);
}

/**
 * One transaction: load, check the global lock token, compute the writes.
 * `context` prefixes refusals as the reference does ("update sdn vnet object failed: …").
 */
export async function sdnWrite<T>(
  services: Services,
  lockToken: string | undefined,
  context: string,
  fn: (state: SdnState) => { writes: readonly StoreWrite[]; result: T },
): Promise<T> {
  try {
    return await services.store.transact((snap) => {
      const state = loadState(snap);
      checkLockToken(state, lockToken);
      return fn(state);
    });
  } catch (e) {
    throw withContext(e, context);
  }
}

export const optText = (v: string | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The write of a route taking `lock-token`: `edit`'s writes in one guarded transaction, answered with null. */
export async function sdnEdit(ctx: Ctx<{ readonly 'lock-token'?: string }>, context: string, edit: (state: SdnState) => readonly StoreWrite[]): Promise<null> {
  return sdnWrite(ctx.services, optText(ctx.params['lock-token']), context, (state) => ({ writes: edit(state), result: null }));
}
