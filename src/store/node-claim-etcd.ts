/** A node name held by an etcd lease (node-claim.ts). */
import type { Lease, Namespace } from 'etcd3';
import { putLanded } from './etcd-commit.js';
import { NodeNameTaken, type NodeClaim, type ServerInfo } from './node-claim.js';

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
  let lease: Lease;
  let released = false;

  let timer: NodeJS.Timeout | null = null;

  /**
   * Takes the name under a new lease, unless a live server holds it. The
   * lease is kept alive here, not by the client library, whose keepalive
   * loop outlives a refused lease.
   */
  const take = async (): Promise<void> => {
    const l = ns.lease(ttl, { autoKeepAlive: false });
    const id = await l.grant();
    const value = JSON.stringify(info);
    const claim = await putLanded(ns.if(me.node, 'Version', '==', 0).then(ns.put(me.node).value(value).lease(id)).else(ns.get(me.node)), value);
    if (!claim.landed) {
      await l.revoke().catch(() => undefined);
      throw refusal(me.node, claim.found === null ? null : parse(claim.found), ttl);
    }
    lease = l;
    let lastAlive = Date.now();
    // etcd unreachable longer than the lease, or the lease gone: take the name again once etcd answers
    const lost = (why: string): void => {
      if (timer) clearInterval(timer);
      timer = null;
      if (released) return;
      log(`lost the claim on node name '${me.node}' (${why}); taking it again`);
      const retry = (): void =>
        void take().catch((err: Error) => {
          log(err.message);
          if (!(err instanceof NodeNameTaken)) setTimeout(retry, 1000).unref();
        });
      retry();
    };
    timer = setInterval(() => {
      l.keepaliveOnce()
        .then((r) => (Number(r.TTL) > 0 ? void (lastAlive = Date.now()) : lost('the lease expired')))
        .catch((e: Error) => (Date.now() - lastAlive > ttl * 1000 ? lost(e.message) : undefined));
    }, (ttl * 1000) / 3);
    timer.unref();
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
      await lease.put(me.node).value(JSON.stringify(info));
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
      if (timer) clearInterval(timer);
      await lease.revoke().catch(() => undefined);
    },
  };
}
