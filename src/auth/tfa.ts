/**
 * Second login factors, as Proxmox VE keeps them (priv/tfa.cfg, a JSON
 * document per user): TOTP entries (an `otpauth://` URI each, with an id,
 * description, creation time and an enable flag) and one set of ten
 * single-use recovery keys, kept only as HMACs. Weft stores the document in
 * `priv/access/tfa.json`. WebAuthn, U2F and Yubico OTP are not supported.
 *
 * Login (the reference's new-style flow): a password check for a user with
 * factors yields a challenge — TOTP offered, the indices of the recovery
 * keys left — and the answer is `totp:<code>` or `recovery:<key>`. Failed
 * TOTP answers are counted; at TOTP_FAILURE_LIMIT TOTP is locked until a
 * recovery key is used or an administrator unlocks it (unlock-tfa). A TOTP
 * code counts once: a code of a step already used is refused.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { SdnError } from '../util/errors.js';
import type { StoreSnapshot, StoreWrite } from '../store/types.js';
import { matchingStep, parseTotpUri } from './totp.js';

export const TFA_KEY = 'priv/access/tfa.json';
/** Weft's limit of consecutive failed TOTP answers before TOTP is locked */
export const TOTP_FAILURE_LIMIT = 8;
const RECOVERY_KEY_COUNT = 10;
export const RECOVERY_ID = 'recovery';

export interface TfaInfo {
  readonly id: string;
  readonly description: string;
  /** seconds since epoch */
  readonly created: number;
  readonly enable: boolean;
}

export interface TotpEntry {
  readonly info: TfaInfo;
  /** the otpauth URI (it holds the secret) */
  readonly entry: string;
}

export interface RecoveryKeys {
  /** HMAC key of the entries */
  readonly secret: string;
  /** HMAC of each key; null once used */
  readonly entries: readonly (string | null)[];
  readonly created: number;
}

export interface UserTfa {
  readonly totp: readonly TotpEntry[];
  readonly recovery?: RecoveryKeys;
  readonly 'totp-locked'?: boolean;
  readonly 'totp-failures'?: number;
  /** the last time step a TOTP code was accepted for */
  readonly 'totp-last-step'?: number;
}

export interface TfaConfig {
  readonly users: Readonly<Record<string, UserTfa>>;
}

/** An entry as the API shows it: `enable` only when false (the reference leaves the default out). */
export interface TypedTfaInfo {
  readonly type: 'totp' | 'recovery';
  readonly id: string;
  readonly description: string;
  readonly created: number;
  readonly enable?: 0;
}

/** What a login must answer: TOTP offered, the indices of the recovery keys left. */
export interface TfaChallenge {
  readonly totp?: true;
  readonly recovery?: readonly number[];
}

const EMPTY_USER: UserTfa = { totp: [] };

/** The user's data without the TOTP lock and failure count. */
function unlocked(data: UserTfa): UserTfa {
  const out: { -readonly [K in keyof UserTfa]: UserTfa[K] } = { ...data };
  delete out['totp-locked'];
  delete out['totp-failures'];
  return out;
}

export function loadTfa(snapshot: StoreSnapshot): TfaConfig {
  const text = snapshot.docs.get(TFA_KEY);
  if (!text) return { users: {} };
  const parsed = JSON.parse(text) as Partial<TfaConfig>;
  return { users: parsed.users ?? {} };
}

export const tfaWrite = (cfg: TfaConfig): StoreWrite => ({ key: TFA_KEY, value: `${JSON.stringify(cfg, null, 1)}\n` });

export const userTfa = (cfg: TfaConfig, userid: string): UserTfa => (Object.hasOwn(cfg.users, userid) ? (cfg.users[userid] ?? EMPTY_USER) : EMPTY_USER);

/** The config with `userid`'s data replaced; a user left with nothing is dropped. */
function withUser(cfg: TfaConfig, userid: string, data: UserTfa): TfaConfig {
  const users = Object.fromEntries(Object.entries(cfg.users).filter(([u]) => u !== userid));
  return { users: data.totp.length > 0 || data.recovery ? { ...users, [userid]: data } : users };
}

/** Forgets a user's factors (the user is deleted). */
export const withoutUser = (cfg: TfaConfig, userid: string): TfaConfig => withUser(cfg, userid, EMPTY_USER);

const recoveryInfo = (r: RecoveryKeys): TypedTfaInfo => ({ type: 'recovery', id: RECOVERY_ID, description: 'recovery keys', created: r.created });
const totpInfo = (e: TotpEntry): TypedTfaInfo => ({ type: 'totp', id: e.info.id, description: e.info.description, created: e.info.created, ...(e.info.enable ? {} : { enable: 0 as const }) });

/** The user's entries, recovery keys first, as the reference lists them. */
export function listUserTfa(cfg: TfaConfig, userid: string): TypedTfaInfo[] {
  const data = userTfa(cfg, userid);
  return [...(data.recovery ? [recoveryInfo(data.recovery)] : []), ...data.totp.map(totpInfo)];
}

/** The types the user has entries of. */
export const userTfaTypes = (cfg: TfaConfig, userid: string): ('totp' | 'recovery')[] => [...new Set(listUserTfa(cfg, userid).map((e) => e.type))];

export function addTotp(cfg: TfaConfig, userid: string, description: string, uri: string | undefined, value: string | undefined, nowS: number): { cfg: TfaConfig; id: string } {
  if (uri === undefined) throw new SdnError("missing 'totp' parameter");
  if (value === undefined) throw new SdnError("missing 'value' parameter");
  let totp;
  try {
    totp = parseTotpUri(uri);
  } catch (e) {
    throw new SdnError(`invalid totp URI: ${(e as Error).message}`);
  }
  // the code proves the app has the secret before the entry is kept
  if (matchingStep(totp, value.trim(), nowS, -1) === null) throw new SdnError('failed to verify TOTP challenge');
  const data = userTfa(cfg, userid);
  const id = `totp-${randomUUID()}`;
  const entry: TotpEntry = { info: { id, description, created: Math.floor(nowS), enable: true }, entry: uri };
  return { cfg: withUser(cfg, userid, { ...data, totp: [...data.totp, entry] }), id };
}

const recoveryHmac = (secret: string, key: string) => createHmac('sha256', Buffer.from(secret, 'hex')).update(key).digest('hex');

/** Ten new recovery keys (`xxxx-xxxx-xxxx-xxxx`, hex): shown once, kept as HMACs. */
export function addRecovery(cfg: TfaConfig, userid: string, nowS: number): { cfg: TfaConfig; keys: string[] } {
  const data = userTfa(cfg, userid);
  if (data.recovery) throw new SdnError('user already has recovery keys');
  const secret = randomBytes(32).toString('hex');
  const keys = Array.from({ length: RECOVERY_KEY_COUNT }, () => randomBytes(8).toString('hex').replace(/(.{4})(?!$)/g, '$1-'));
  const recovery: RecoveryKeys = { secret, entries: keys.map((k) => recoveryHmac(secret, k)), created: Math.floor(nowS) };
  return { cfg: withUser(cfg, userid, { ...data, recovery }), keys };
}

function noSuchEntry(id: string): never {
  throw new SdnError(`no such entry: ${id}`, 'not-found');
}

export function updateTotp(cfg: TfaConfig, userid: string, id: string, change: { readonly description?: string; readonly enable?: boolean }): TfaConfig {
  const data = userTfa(cfg, userid);
  if (!data.totp.some((e) => e.info.id === id)) noSuchEntry(id);
  const totp = data.totp.map((e) => (e.info.id === id ? { ...e, info: { ...e.info, ...(change.description !== undefined ? { description: change.description } : {}), ...(change.enable !== undefined ? { enable: change.enable } : {}) } } : e));
  return withUser(cfg, userid, { ...data, totp });
}

export function deleteEntry(cfg: TfaConfig, userid: string, id: string): TfaConfig {
  const data = userTfa(cfg, userid);
  if (id === RECOVERY_ID) {
    if (!data.recovery) noSuchEntry(id);
    const rest: { -readonly [K in keyof UserTfa]: UserTfa[K] } = { ...data };
    delete rest.recovery;
    return withUser(cfg, userid, rest);
  }
  if (!data.totp.some((e) => e.info.id === id)) noSuchEntry(id);
  return withUser(cfg, userid, { ...data, totp: data.totp.filter((e) => e.info.id !== id) });
}

/** Clears the TOTP lock; whether the user was locked. */
export function unlockTfa(cfg: TfaConfig, userid: string): { cfg: TfaConfig; wasLocked: boolean } {
  const data = userTfa(cfg, userid);
  const wasLocked = data['totp-locked'] === true;
  return { cfg: wasLocked || data['totp-failures'] ? withUser(cfg, userid, unlocked(data)) : cfg, wasLocked };
}

/** The challenge a login of `userid` must answer; null when the user has no enabled factor. */
export function challengeFor(cfg: TfaConfig, userid: string): TfaChallenge | null {
  const data = userTfa(cfg, userid);
  const totp = data.totp.some((e) => e.info.enable);
  const left = (data.recovery?.entries ?? []).flatMap((e, i) => (e === null ? [] : [i]));
  if (!totp && !data.recovery) return null;
  return { ...(totp ? { totp: true as const } : {}), ...(data.recovery ? { recovery: left } : {}) };
}

/**
 * Checks a login's answer (`totp:<code>` or `recovery:<key>`) to the
 * challenge. The config changes either way (a used key, a failure counted),
 * so it is returned with the outcome; a failure says why.
 */
export function verifyResponse(cfg: TfaConfig, userid: string, challenge: TfaChallenge, response: string, nowS: number): { cfg: TfaConfig; ok: boolean; reason?: string } {
  const data = userTfa(cfg, userid);
  const m = /^([a-z]+):(.*)$/s.exec(response);
  if (!m) return { cfg, ok: false, reason: 'bad otp response' };
  const [, type, value = ''] = m;
  if (type === 'totp' && challenge.totp) {
    if (data['totp-locked']) return { cfg, ok: false, reason: 'failed 2nd factor: TOTP limit reached, locked' };
    const last = data['totp-last-step'] ?? -1;
    for (const e of data.totp.filter((x) => x.info.enable)) {
      const step = matchingStep(parseTotpUri(e.entry), value.trim(), nowS, last);
      if (step !== null) {
        return { cfg: withUser(cfg, userid, { ...unlocked(data), 'totp-last-step': step }), ok: true };
      }
    }
    const failures = (data['totp-failures'] ?? 0) + 1;
    const locked = failures >= TOTP_FAILURE_LIMIT;
    return { cfg: withUser(cfg, userid, { ...data, 'totp-failures': failures, ...(locked ? { 'totp-locked': true } : {}) }), ok: false, reason: locked ? 'failed 2nd factor: TOTP limit reached, locked' : 'failed 2nd factor' };
  }
  if (type === 'recovery' && challenge.recovery && data.recovery) {
    const { secret, entries } = data.recovery;
    const given = Buffer.from(recoveryHmac(secret, value.trim().toLowerCase()));
    const index = entries.findIndex((h) => h !== null && timingSafeEqual(Buffer.from(h), given));
    if (index < 0) return { cfg, ok: false, reason: 'failed 2nd factor' };
    // a used key is gone; a recovery login also lifts the TOTP lock
    const recovery = { ...data.recovery, entries: entries.map((h, i) => (i === index ? null : h)) };
    return { cfg: withUser(cfg, userid, { ...unlocked(data), recovery }), ok: true };
  }
  return { cfg, ok: false, reason: `no such challenge: ${type ?? ''}` };
}
