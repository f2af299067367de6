/**
 * A subnet edit and its zone's IPAM as one crash-consistent step. The IPAM
 * changes first (the reference's order: its refusals leave the config
 * untouched), so the edit is announced before: an intent record in the
 * store naming the subnet, its IPAM and the subnet section before and after.
 * The config write removes the record in the same transaction; a record
 * still there at start means the config never got the edit, and recovery
 * brings the IPAM back to the section before (subnet-hooks.ts:
 * `subnetRestored`). A server killed at any point restarts with the IPAM and
 * the config agreeing. With several servers on one store each record names
 * the server (node) that made it: a live server's records are its own
 * edits in progress; those of a server that died are taken over by one
 * other server (the record is rewritten to name it, so no two take the
 * same record back).
 */
import { randomUUID } from 'node:crypto';
import type { SectionValue } from '../config/section-config.js';
import type { ConfigStore, StoreSnapshot, StoreWrite } from '../store/types.js';
import type { IpamServices } from './sdn-deps.js';
import { IpamError } from './types.js';

const INTENTS = 'priv/sdn/ipam-intents/';

type SectionValues = Readonly<Record<string, SectionValue>>;

export interface SubnetIntent {
  /** when it was made (ms): recovery takes the newest back first */
  readonly at: number;
  /** the server (node) whose edit it is; absent in records of one-server stores */
  readonly owner?: string;
  /** the subnet id, `<zone>-<network>-<prefix>` */
  readonly subnet: string;
  readonly ipam: string;
  /** the subnet section's values before and after the edit (null: none) */
  readonly before: SectionValues | null;
  readonly after: SectionValues | null;
}

export interface IntentRecord {
  readonly key: string;
  /** the store write that records it */
  readonly write: StoreWrite;
  /** the store write that clears it (with the config write, or after an undo) */
  readonly done: StoreWrite;
}

export const sectionValues = (values: ReadonlyMap<string, SectionValue> | undefined): SectionValues | null => (values ? Object.fromEntries(values) : null);

export function intentRecord(intent: Omit<SubnetIntent, 'at'> & { readonly owner: string }): IntentRecord {
  const key = `${INTENTS}${randomUUID()}.json`;
  return { key, write: { key, value: `${JSON.stringify({ at: Date.now(), ...intent })}\n` }, done: { key, value: null } };
}

function parseIntent(text: string): SubnetIntent | null {
  try {
    const v = JSON.parse(text) as Partial<SubnetIntent>;
    const values = (x: unknown) => x === null || (typeof x === 'object' && !Array.isArray(x));
    return typeof v.at === 'number' && (v.owner === undefined || typeof v.owner === 'string') && typeof v.subnet === 'string' && typeof v.ipam === 'string' && values(v.before) && values(v.after) ? (v as SubnetIntent) : null;
  } catch {
    return null;
  }
}

/** The intent records a snapshot holds, newest first (`intent` null: not one Weft wrote). */
export function pendingIntents(snapshot: StoreSnapshot): { key: string; text: string; intent: SubnetIntent | null }[] {
  const found = [...snapshot.docs].filter(([key]) => key.startsWith(INTENTS)).map(([key, text]) => ({ key, text, intent: parseIntent(text) }));
  return found.sort((a, b) => (b.intent?.at ?? 0) - (a.intent?.at ?? 0));
}

const toMap = (values: SectionValues | null) => (values ? new Map(Object.entries(values)) : undefined);

/** Which records a recovery takes back: this server's node, and whose records it may take. */
export interface RecoveryScope {
  readonly node: string;
  /** true for the owners whose records this server takes back (at start: its own, none named, dead servers'; later: dead servers') */
  take(owner: string | undefined): boolean;
}

/** Makes a record this server's, unless it changed since it was read (another server took it first). */
async function adopt(store: ConfigStore, key: string, text: string, intent: SubnetIntent, node: string): Promise<boolean> {
  if (intent.owner === node) return true;
  return store.transact((snap) => (snap.docs.get(key) === text ? { writes: [{ key, value: `${JSON.stringify({ ...intent, owner: node })}\n` }], result: true } : { writes: [], result: false }));
}

/**
 * Takes back the IPAM part of every edit in scope whose config write did not
 * happen (at start, before any request; and when another server dies). An
 * IPAM that cannot be reached keeps its record for the next try. Returns one
 * line per record, for the log.
 */
export async function recoverSubnetIntents(store: ConfigStore, services: IpamServices, scope: RecoveryScope): Promise<string[]> {
  const snapshot = await store.read();
  const pending = pendingIntents(snapshot);
  if (!pending.length) return [];
  // only now: the SDN state and the IPAM plugins are most of what a server's start would load for this
  const [{ loadState }, { ipamById, ipamSubnetOfSection }, { subnetRestored }] = await Promise.all([import('../sdn/state.js'), import('./sdn-deps.js'), import('./subnet-hooks.js')]);
  const state = loadState(snapshot);
  const log: string[] = [];
  for (const { key, text, intent } of pending) {
    if (!intent) {
      log.push(`${key}: unreadable IPAM intent removed`);
      await store.transact(() => ({ writes: [{ key, value: null }], result: null }));
      continue;
    }
    if (!scope.take(intent.owner) || !(await adopt(store, key, text, intent, scope.node))) continue;
    const what = `subnet ${intent.subnet} in IPAM '${intent.ipam}'${intent.owner && intent.owner !== scope.node ? ` (an edit of server ${intent.owner}, which is gone)` : ''}`;
    try {
      const ipam = ipamById(state, intent.ipam, services);
      const left = await subnetRestored(ipam, ipamSubnetOfSection(intent.subnet, toMap(intent.before)), ipamSubnetOfSection(intent.subnet, toMap(intent.after)));
      log.push(`${what}: an edit interrupted before its config write was taken back${left.length ? `; ${left.join('; ')}` : ''}`);
    } catch (e) {
      if (!(e instanceof IpamError)) {
        log.push(`${what}: an interrupted edit could not be taken back yet (kept for the next start): ${(e as Error).message}`);
        continue;
      }
      log.push(`${what}: an interrupted edit could not be taken back: ${e.message}`);
    }
    await store.transact(() => ({ writes: [{ key, value: null }], result: null }));
  }
  return log;
}
