/** A node name held by an etcd lease (node-claim.ts). */
import { EtcdLeaseInvalidError, type ComparatorBuilder, type Lease, type Namespace } from 'etcd3';
import { putLanded } from './etcd-commit.js';
import { NodeNameTaken, type NodeClaim, type ServerInfo } from './node-claim.js';

/** the pause before the first new try to take a lost name, doubled after each failed try up to RETAKE_MAX_MS */
const RETAKE_FIRST_MS = 1000;
const RETAKE_MAX_MS = 16_000;
/** how long a keepalive may go unanswered before it is sent again, and the pause before */
const KEEPALIVE_ANSWER_MS = 1000;
const KEEPALIVE_RETRY_MS = 100;

const parse = (text: string): ServerInfo | null => {
  try {
    return JSON.parse(text) as ServerInfo;
  } catch {
    return null;
  }
};

function refusal(node: string, other: ServerInfo | null, ttl: number): NodeNameTaken {
  const who = other ? `${other.url ?? 'not listening yet'}, pid ${other.pid} on host ${other.host}, since ${new Date(other.since).toISOString()}` : 'unknown';
  return new NodeNameTaken(
    `node name '${node}' is held by a live weft server (${who}): start this server with another name (--node NAME), or stop that server first (a killed server's name is free ${ttl} s after it died)`,
  );
}

export async function etcdClaim(ns: Namespace, me: ServerInfo, ttl: number, log: (line: string) => void): Promise<NodeClaim> {
  let info = me;
  let lease: Lease | null = null;
  let released = false;
  let timer: NodeJS.Timeout | null = null;
  const tickMs = (ttl * 1000) / 3;
  const keepaliveMs = Math.min(tickMs, KEEPALIVE_ANSWER_MS);

  /** The server `text` names is this one (its key may outlive a lease of this server's: a lost answer, an outage). */
  const mine = (text: string): boolean => {
    const s = parse(text);
    return s !== null && s.node === me.node && s.host === me.host && s.pid === me.pid && s.since === me.since;
  };

  /**
   * Takes the name under a new lease, unless a live server holds it. The
   * lease is kept alive here, not by the client library, whose keepalive
   * loop outlives a refused lease.
   */
  const take = async (): Promise<void> => {
    const l = ns.lease(ttl, { autoKeepAlive: false });
    const id = await l.grant();
    const value = JSON.stringify(info);
    /** puts the key under the new lease when `guard` holds (landed also when a resent copy finds it under that lease) */
    const putUnder = (guard: ComparatorBuilder) => putLanded(guard.then(ns.put(me.node).value(value).lease(id)).else(ns.get(me.node)), (kv) => kv.lease === id);
    try {
      let claim = await putUnder(ns.if(me.node, 'Version', '==', 0));
      // still there under an older lease of this server's (etcd has not ended it yet, e.g. right after an outage): moved to the new one
      if (!claim.landed && claim.found && mine(claim.found.value.toString())) claim = await putUnder(ns.if(me.node, 'Mod', '==', claim.found.mod_revision));
      if (!claim.landed) throw refusal(me.node, claim.found ? parse(claim.found.value.toString()) : null, ttl);
    } catch (e) {
      await l.revoke().catch(() => undefined);
      throw e;
    }
    if (released) {
      await l.revoke().catch(() => undefined);
      return;
    }
    const previous = lease;
    lease = l;
    // the key left it: it holds nothing any more
    void previous?.revoke().catch(() => undefined);
    keepAlive(Date.now(), tickMs);
  };

  /**
   * Keepalives one at a time, every third of the TTL, each given a short
   * deadline: a failed one is sent again at once (the client library picks
   * a member at random, so a hung member among answering ones does not cost
   * the name); the claim is lost when none answered for the lease's TTL.
   */
  const keepAlive = (lastAlive: number, pause: number): void => {
    timer = setTimeout(() => {
      timer = null;
      const held = lease;
      if (released || !held) return;
      held
        .keepaliveOnce({ deadline: Date.now() + keepaliveMs })
        .then(
          (r) => (Number(r.TTL) > 0 ? keepAlive(Date.now(), tickMs) : lost('the lease expired')),
          (e: Error) => {
            if (e instanceof EtcdLeaseInvalidError) return lost('the lease expired');
            // a keepalive is a stream, outside the store's bounded calls: a read tells the store whether etcd answers (etcd-client.ts)
            void ns.get(me.node).exec().catch(() => undefined);
            return Date.now() - lastAlive > ttl * 1000 ? lost(`no keepalive answered for ${ttl} s`) : keepAlive(lastAlive, KEEPALIVE_RETRY_MS);
          },
        )
        .catch((e: Error) => log(`internal: the node name's keepalive failed: ${e.message}`));
    }, pause);
    timer.unref();
  };

  /** Etcd unreachable longer than the lease, or the lease gone: told once, then one loop takes the name again once etcd answers. */
  const lost = (why: string): void => {
    if (released) return;
    log(`lost the claim on node name '${me.node}' (${why}); taking it again`);
    const retake = (pause: number): void => {
      timer = setTimeout(() => {
        timer = null;
        if (released) return;
        take().then(
          () => log(`holds node name '${me.node}' again`),
          (err: Error) => {
            if (err instanceof NodeNameTaken) log(err.message);
            else retake(Math.min(pause * 2, RETAKE_MAX_MS));
          },
        );
      }, pause);
      timer.unref();
    };
    retake(RETAKE_FIRST_MS);
  };

  await take();

  return {
    node: me.node,
    async live() {
      const all = await ns.getAll().strings();
      const out = new Map<string, ServerInfo>();
      for (const [node, text] of Object.entries(all)) {
        const s = parse(text);
        if (s) out.set(node, s);
      }
      return out;
    },
    async announce(url) {
      info = { ...info, url };
      await (lease as Lease).put(me.node).value(JSON.stringify(info));
    },
    onGone(fn, onReady) {
      let cancelled = false;
      const pending = ns.watch().prefix('').create().then((w) => {
        w.on('delete', (kv) => fn(kv.key.toString()));
        if (cancelled) void w.cancel();
        else onReady?.();
        return w;
      });
      return () => {
        cancelled = true;
        void pending.then((w) => w.cancel());
      };
    },
    async release() {
      released = true;
      if (timer) clearTimeout(timer);
      await lease?.revoke().catch(() => undefined);
    },
  };
}
