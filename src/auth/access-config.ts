/**
 * Users, groups, API tokens, ACL entries and custom roles (the reference's
 * user.cfg), kept as one JSON document in the store (`access/access.json`)
 * so that every server of a cluster sees the same. Secrets (password hashes,
 * token secret hashes, the ticket key) live in `priv/access/`.
 */
import type { StoreSnapshot, StoreWrite } from '../store/types.js';
import { LastParse } from '../util/last-parse.js';

export interface User {
  readonly enable: boolean;
  /** seconds since epoch; 0 = never */
  readonly expire: number;
  readonly comment?: string;
  readonly email?: string;
  readonly firstname?: string;
  readonly lastname?: string;
}

export interface Token {
  readonly comment?: string;
  readonly expire: number;
  /** privilege separation: the token's own ACLs, intersected with its user's */
  readonly privsep: boolean;
}

export interface AclEntry {
  readonly path: string;
  readonly type: 'user' | 'group' | 'token';
  readonly ugid: string;
  readonly roleid: string;
  readonly propagate: boolean;
}

export interface AccessConfig {
  readonly users: Readonly<Record<string, User>>;
  /** full token id `user@realm!name` → token */
  readonly tokens: Readonly<Record<string, Token>>;
  readonly groups: Readonly<Record<string, { readonly users: readonly string[]; readonly comment?: string }>>;
  readonly acl: readonly AclEntry[];
  /** custom roles; built-in ones are in roles.ts */
  readonly roles: Readonly<Record<string, readonly string[]>>;
}

export interface AccessSecrets {
  /** userid → password hash */
  readonly shadow: Readonly<Record<string, string>>;
  /** full token id → sha256 of the secret */
  readonly tokens: Readonly<Record<string, string>>;
  /** HMAC key for tickets and CSRF tokens */
  readonly authkey: string;
}

export const ACCESS_KEYS = {
  config: 'access/access.json',
  shadow: 'priv/access/shadow.json',
  tokens: 'priv/access/tokens.json',
  authkey: 'priv/access/authkey',
} as const;

export const EMPTY_ACCESS: AccessConfig = { users: {}, tokens: {}, groups: {}, acl: [], roles: {} };

function json<T>(text: string, fallback: T): T {
  if (!text) return fallback;
  try {
    return { ...fallback, ...(JSON.parse(text) as T) };
  } catch {
    return fallback;
  }
}

/** requests at one store revision share one access config: memos of permissions and list answers key on it */
const parsed = new LastParse();

export function loadAccess(snapshot: StoreSnapshot): { config: AccessConfig; secrets: AccessSecrets; initialized: boolean } {
  const text = snapshot.docs.get(ACCESS_KEYS.config);
  return {
    config: parsed.of(ACCESS_KEYS.config, text ?? '', (t) => json(t, EMPTY_ACCESS)),
    secrets: {
      shadow: parsed.of(ACCESS_KEYS.shadow, snapshot.docs.get(ACCESS_KEYS.shadow) ?? '', (t) => json<Readonly<Record<string, string>>>(t, {})),
      tokens: parsed.of(ACCESS_KEYS.tokens, snapshot.docs.get(ACCESS_KEYS.tokens) ?? '', (t) => json<Readonly<Record<string, string>>>(t, {})),
      authkey: (snapshot.docs.get(ACCESS_KEYS.authkey) ?? '').trim(),
    },
    initialized: text !== undefined,
  };
}

export const accessWrite = (config: AccessConfig): StoreWrite => ({ key: ACCESS_KEYS.config, value: `${JSON.stringify(config, null, 1)}\n` });
export const shadowWrite = (shadow: Readonly<Record<string, string>>): StoreWrite => ({ key: ACCESS_KEYS.shadow, value: `${JSON.stringify(shadow, null, 1)}\n` });
export const tokenSecretsWrite = (tokens: Readonly<Record<string, string>>): StoreWrite => ({ key: ACCESS_KEYS.tokens, value: `${JSON.stringify(tokens, null, 1)}\n` });

/** `user@realm!name` → its parts; null when it is not a token id. */
export function splitTokenId(id: string): { readonly userid: string; readonly name: string } | null {
  const m = /^([^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+)!([A-Za-z][A-Za-z0-9.\-_]+)$/.exec(id);
  return m ? { userid: m[1] ?? '', name: m[2] ?? '' } : null;
}

export const USERID_RE = /^[^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+$/;
