/**
 * Guarded etcd transactions whose answer may be lost. When the member that
 * committed one dies before answering, the client library sends it again to
 * another member, where its compare fails on its own first commit: taken
 * as a conflict, the write would run again and a create would answer
 * "already defined" for a VNet it made. So the outcome is asked of the
 * store when the compare failed or the call failed.
 */
import { randomUUID } from 'node:crypto';
import type { ComparatorBuilder, IKeyValue, IOperation, Namespace } from 'etcd3';
import { EtcdUnavailable } from './etcd-client.js';

/** The kv a transaction's `else(get(key))` branch read. */
const elseRead = (res: Awaited<ReturnType<ComparatorBuilder['commit']>>) => res.responses[0]?.response_range?.kvs[0];

/**
 * Multi-key transactions of one process: each also puts a marker key only
 * this process writes, with a token new to the commit, so a commit that
 * landed is known by its token.
 */
export class CommitMarker {
  private readonly key: string;
  private count = 0;

  /** `prefix`: where in `ns` the marker lives (a key the namespace's readers skip) */
  constructor(
    private readonly ns: Namespace,
    prefix: string,
  ) {
    this.key = `${prefix}${randomUUID()}`;
  }

  /** Commits `ops` when `txn`'s compares hold: the revision it landed at, or null when another commit came first. */
  async commit(txn: ComparatorBuilder, ops: readonly IOperation[]): Promise<number | null> {
    const token = String(++this.count);
    const landedAt = (kv: { value: Buffer; mod_revision: string } | undefined): number | null => (kv?.value.toString() === token ? Number(kv.mod_revision) : null);
    try {
      const res = await txn.then(...ops, this.ns.put(this.key).value(token)).else(this.ns.get(this.key)).commit();
      return res.succeeded ? Number(res.header.revision) : landedAt(elseRead(res));
    } catch (e) {
      // no member answered in time: the commit may still have landed
      const read = await this.ns.get(this.key).exec().catch(() => null);
      const at = landedAt(read?.kvs[0]);
      if (at !== null) return at;
      // no marker read, or one read before the commit applies (a member that was hung may apply it when it wakes)
      throw e instanceof EtcdUnavailable ? e.unknownOutcome() : e;
    }
  }

  /** Removes the marker (a process that died leaves one small key). */
  async remove(): Promise<void> {
    await this.ns.delete().key(this.key).exec().catch(() => undefined);
  }
}

/**
 * A compare-and-put on one key (`then(put(key, …))`, `else(get(key))`):
 * landed when it succeeded, also when a resent copy found the key as the
 * first copy left it (`ours`: the value or lease only this put gives it).
 */
export async function putLanded(txn: ComparatorBuilder, ours: (kv: IKeyValue) => boolean): Promise<{ landed: boolean; found: IKeyValue | undefined }> {
  const res = await txn.commit().catch((e: unknown) => {
    throw e instanceof EtcdUnavailable ? e.unknownOutcome() : e;
  });
  const found = elseRead(res);
  return { landed: res.succeeded || (found !== undefined && ours(found)), found };
}
