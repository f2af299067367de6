/**
 * What `weft agent --server` talks to (Weft's own paths, beside the
 * reference's `/nodes/{node}/sdn`): the running config as a long poll, and
 * the DHCP reservations as a long poll too, and the node's reports (status,
 * facts) into `nodes/<node>/` of the store.
 * An agent's token needs SDN.Audit on /sdn and Sys.Modify on /nodes/<node>.
 */
import { dhcpHostsByZone } from '../../ipam/dhcp-hosts.js';
import { parseFacts } from '../../ir/facts.js';
import { ParamError, SdnError } from '../../util/errors.js';
import { factsWrites, nodeKeys, parseNodeStatus, statusWrite } from '../../sdn/node-status.js';
import { runningDoc } from '../../sdn/running-doc.js';
import { waitFor } from '../../store/wait.js';
import type { StoreWrite } from '../../store/types.js';
import { NODE_PARAM, optBool, optInt, optStr, str } from '../params.js';
import { route, type Ctx, type RouteDef } from '../route.js';

/** The longest a config request waits for a change; proxies commonly cut idle requests at 60 s. */
export const MAX_POLL_SECONDS = 55;

function json(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ParamError({ [name]: `malformed JSON: ${(e as Error).message}` });
  }
}

async function put(ctx: Ctx, writes: readonly StoreWrite[]): Promise<null> {
  await ctx.services.store.transact((snap) => ({ writes: writes.filter((w) => (snap.docs.get(w.key) ?? null) !== w.value), result: null }));
  return null;
}

export const AGENT_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/nodes/{node}/sdn/agent',
    params: { node: NODE_PARAM },
    permission: { path: '/nodes/{node}', privs: ['Sys.Audit'] },
    // the node agent's last report: the version it works on, the one its files are at, the pre-flight findings
    handler: (ctx) => parseNodeStatus(ctx.snapshot.docs.get(nodeKeys(ctx.params.node).status)),
  }),
  route({
    method: 'DELETE',
    path: '/nodes/{node}/sdn/agent',
    params: { node: NODE_PARAM },
    permission: { path: '/nodes/{node}', privs: ['Sys.Modify'] },
    // a retired node: applies stop waiting for it (its agent re-registers when it reports again)
    handler: (ctx) => put(ctx, Object.values(nodeKeys(ctx.params.node)).map((key) => ({ key, value: null }))),
  }),
  route({
    method: 'GET',
    path: '/nodes/{node}/sdn/agent/config',
    params: {
      node: NODE_PARAM,
      since: optInt('Answer once the running config has another version than this one.', 0),
      timeout: optInt(`Wait at most this many seconds for a change (long poll).`, 0, MAX_POLL_SECONDS),
      confirming: optBool('Answer also once version `since` no longer waits for confirmation (confirmed).', false),
    },
    permission: { path: '/sdn', privs: ['SDN.Audit'] },
    // a version waiting for confirmation comes with what the node returns to when it cannot reach this server (sdn/confirm.ts)
    async handler(ctx) {
      const { since } = ctx.params;
      const timeoutMs = (ctx.params.timeout ?? 0) * 1000;
      const confirming = ctx.params.confirming === true;
      const changed = (docs: ReadonlyMap<string, string>) => {
        const doc = runningDoc(docs);
        return doc && (doc.version !== since || (confirming && !doc.confirm)) ? doc : undefined;
      };
      let doc = since === undefined ? undefined : await waitFor(ctx.services.store, 'sdn/', (snap) => changed(snap.docs), { timeoutMs, signal: ctx.closing }).catch(() => undefined);
      doc ??= runningDoc((await ctx.services.store.read()).docs) ?? undefined;
      if (!doc) return null;
      const c = doc.confirm;
      return { version: doc.version, config: doc.text, ...(c ? { confirm: { window: c.window, previous: { version: c.previous.version, config: c.previous.text } } } : {}) };
    },
  }),
  route({
    method: 'GET',
    path: '/nodes/{node}/sdn/agent/dhcp-hosts',
    params: {
      node: NODE_PARAM,
      since: optStr('Answer once the reservations have another revision than this one.'),
      timeout: optInt(`Wait at most this many seconds for a change (long poll).`, 0, MAX_POLL_SECONDS),
    },
    permission: { path: '/sdn', privs: ['SDN.Audit'] },
    // the built-in IPAM's MAC reservations per zone, for the dnsmasq `ethers` files of DHCP zones
    async handler(ctx) {
      const store = ctx.services.ipam?.pve.store;
      if (!store) throw new SdnError('the IPAM is not available on this server');
      await store.revision.after(ctx.params.since, (ctx.params.timeout ?? 0) * 1000, ctx.closing).catch(() => undefined);
      // the revision read with the hosts: a change right after is a new revision
      return store.read((db) => ({ revision: store.revision.current, zones: Object.fromEntries(dhcpHostsByZone(db)) }));
    },
  }),
  route({
    method: 'PUT',
    path: '/nodes/{node}/sdn/agent/status',
    params: { node: NODE_PARAM, status: str('The node status report (JSON), as weft agent writes it.') },
    permission: { path: '/nodes/{node}', privs: ['Sys.Modify'] },
    async handler(ctx) {
      const node = ctx.params.node;
      const status = parseNodeStatus(ctx.params.status);
      if (!status) throw new ParamError({ status: 'not a node status report: { node, version, state, … }' });
      if (status.node !== node) throw new ParamError({ status: `reports on node '${status.node}', not '${node}'` });
      return put(ctx, [statusWrite(status)]);
    },
  }),
  route({
    method: 'PUT',
    path: '/nodes/{node}/sdn/agent/facts',
    params: {
      node: NODE_PARAM,
      facts: str('The facts probed on the node (JSON), as weft render --facts reads them.'),
      interfaces: optStr("The node's /etc/network/interfaces.", { multiline: true }),
      'frr-local': optStr("The node's /etc/frr/frr.conf.local; absent: the node has none.", { multiline: true }),
    },
    permission: { path: '/nodes/{node}', privs: ['Sys.Modify'] },
    async handler(ctx) {
      const node = ctx.params.node;
      const parsed = parseFacts(json('facts', ctx.params.facts), 'facts');
      if (!parsed.facts) throw new ParamError({ facts: parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ') });
      if (parsed.facts.nodename !== node) throw new ParamError({ facts: `facts of node '${parsed.facts.nodename}', not '${node}'` });
      return put(ctx, factsWrites({ facts: parsed.facts, interfaces: ctx.params.interfaces ?? null, frrLocal: ctx.params['frr-local'] ?? null }));
    },
  }),
];
