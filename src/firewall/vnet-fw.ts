/**
 * A VNet's firewall as the API sees it: the file in the store
 * (`sdn/firewall/<vnet>.fw`, as the reference keeps
 * `/etc/pve/sdn/firewall/<vnet>.fw`) read with every rule verified, the
 * answers with their digests, and the edits as pure functions from the
 * file to its new content. Both digests are the reference's: SHA-1 over
 * `key:value` lines in key order, one over the options and one over the
 * rules, so an edit of the options leaves a read of the rules current.
 */
import { createHash } from 'node:crypto';
import { ParamError, SdnError } from '../util/errors.js';
import { assertUnmodified } from '../sdn/edit.js';
import type { StoreWrite } from '../store/types.js';
import { RULE_TEXT_FIELDS, verifyVnetRule, type Rule, type RuleEnv, type RuleTextField, type VerifiedRule } from './rule.js';
import { formatVnetFirewall, parseVnetFirewall, VNET_OPTIONS, type FwFile, type FwOptionValue } from './rules-format.js';

export const vnetFirewallKey = (vnet: string): string => `sdn/firewall/${vnet}.fw`;

export interface VnetFirewall {
  readonly options: ReadonlyMap<string, FwOptionValue>;
  readonly rules: readonly VerifiedRule[];
}

export type Answer = Record<string, unknown>;

/** What an API call sets on a rule: text fields, type and action, `enable`; '' or '-' removes a field. */
export type RuleChanges = Readonly<Partial<Record<RuleTextField | 'type' | 'action', string>>> & { readonly enable?: number };

/** The fields `delete` may name: the reference's rule properties (pos and digest are never stored). */
const DELETABLE = new Set<string>([...RULE_TEXT_FIELDS, 'type', 'action', 'enable', 'pos', 'digest']);

export function readVnetFirewall(text: string | undefined, env: RuleEnv): VnetFirewall {
  const file = parseVnetFirewall(text ?? '');
  return { options: file.options, rules: file.rules.map((r) => verifyVnetRule(r, env)) };
}

function digestOf(records: Iterable<Readonly<Record<string, unknown>>>): string {
  const sha = createHash('sha1');
  for (const record of records) {
    for (const key of Object.keys(record).sort()) {
      const v = record[key];
      if (typeof v === 'string' || typeof v === 'number') sha.update(`${key}:${v}\n`, 'utf8');
    }
  }
  return sha.digest('hex');
}

const definedOf = (rule: Rule): Record<string, string | number> =>
  Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined)) as Record<string, string | number>;

export const optionsDigest = (fw: VnetFirewall): string => digestOf([Object.fromEntries(fw.options)]);
export const rulesDigest = (fw: VnetFirewall): string => digestOf(fw.rules.map((r) => definedOf(r.rule)));

export function optionsAnswer(fw: VnetFirewall): Answer {
  return { ...Object.fromEntries(fw.options), digest: optionsDigest(fw) };
}

function ruleAnswerAt(fw: VnetFirewall, pos: number, digest: string): Answer {
  const { rule, errors } = fw.rules[pos] as VerifiedRule;
  // a rule read from the file may be invalid: the reference lists it with its errors
  return { ...definedOf(rule), ...(Object.keys(errors).length > 0 ? { errors } : {}), pos, digest };
}

export function rulesAnswer(fw: VnetFirewall): Answer[] {
  const digest = rulesDigest(fw);
  return fw.rules.map((_, pos) => ruleAnswerAt(fw, pos, digest));
}

function checkPos(fw: VnetFirewall, pos: number): void {
  if (pos >= fw.rules.length) throw new SdnError(`no rule at position ${pos}`, 'not-found');
}

export function ruleAnswer(fw: VnetFirewall, pos: number): Answer {
  checkPos(fw, pos);
  return ruleAnswerAt(fw, pos, rulesDigest(fw));
}

const fileOf = (fw: VnetFirewall, rules: readonly Rule[] = fw.rules.map((r) => r.rule)): FwFile => ({ options: fw.options, rules });

export function setOptions(fw: VnetFirewall, changes: Readonly<Record<string, FwOptionValue>>, toDelete: readonly string[], digest: string | undefined): FwFile {
  assertUnmodified(optionsDigest(fw), digest);
  const options = new Map(fw.options);
  for (const key of toDelete) {
    if (!(VNET_OPTIONS as readonly string[]).includes(key)) throw new ParamError({ delete: `no such option '${key}'` });
    options.delete(key);
  }
  for (const [key, value] of Object.entries(changes)) options.set(key, value);
  return { ...fileOf(fw), options };
}

function applyChanges(rule: Rule, changes: RuleChanges): Rule {
  const out: Record<string, string | number | undefined> = { ...rule };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    out[key] = value === '' || value === '-' ? undefined : value;
  }
  return out as Rule;
}

function verified(rule: Rule, env: RuleEnv): Rule {
  const v = verifyVnetRule(rule, env);
  if (Object.keys(v.errors).length > 0) throw new ParamError(v.errors);
  return v.rule;
}

/**
 * A new rule goes first, as the reference inserts it (its `pos` parameter
 * does not place it), and is disabled unless `enable` says otherwise. The
 * reference ignores `digest` here; Weft checks it as on every other edit.
 */
export function createRule(fw: VnetFirewall, changes: RuleChanges, env: RuleEnv, digest: string | undefined): FwFile {
  assertUnmodified(rulesDigest(fw), digest);
  const rule = verified(applyChanges({ type: '', action: '' }, changes), env);
  return fileOf(fw, [{ ...rule, enable: changes.enable ?? 0 }, ...fw.rules.map((r) => r.rule)]);
}

export function updateRule(fw: VnetFirewall, pos: number, changes: RuleChanges, toDelete: readonly string[], env: RuleEnv, digest: string | undefined): FwFile {
  assertUnmodified(rulesDigest(fw), digest);
  checkPos(fw, pos);
  for (const key of toDelete) {
    if (!DELETABLE.has(key)) throw new ParamError({ delete: `no such property ('${key}')` });
    if (key === 'type' || key === 'action') throw new ParamError({ delete: `unable to delete required property '${key}'` });
  }
  const changed = applyChanges((fw.rules[pos] as VerifiedRule).rule, changes);
  const edited = Object.fromEntries(Object.entries(changed).filter(([key]) => !toDelete.includes(key))) as Rule;
  const rules = fw.rules.map((r) => r.rule);
  rules[pos] = verified(edited, env);
  return fileOf(fw, rules);
}

/**
 * The reference's move: the rule leaves `pos` and goes in front of the rule
 * that was at `moveto` (so moving one place down changes nothing), or last
 * when `moveto` is past the end.
 */
export function moveRule(fw: VnetFirewall, pos: number, moveto: number, digest: string | undefined): FwFile {
  assertUnmodified(rulesDigest(fw), digest);
  checkPos(fw, pos);
  const rules = fw.rules.map((r) => r.rule);
  const rule = rules[pos] as Rule;
  const moved = rules.flatMap((r, i) => (i === pos ? [] : i === moveto ? [rule, r] : [r]));
  return fileOf(fw, moveto >= rules.length ? [...moved, rule] : moved);
}

export function deleteRule(fw: VnetFirewall, pos: number, digest: string | undefined): FwFile {
  assertUnmodified(rulesDigest(fw), digest);
  checkPos(fw, pos);
  return fileOf(fw, fw.rules.filter((_, i) => i !== pos).map((r) => r.rule));
}

/** The store write for the VNet's new file (none left when it is empty). */
export function firewallWrite(vnet: string, file: FwFile): StoreWrite {
  // the reference cannot write such a rule either: it is fixed or deleted by editing the file
  const bad = file.rules.findIndex((r) => !['in', 'out', 'forward', 'group'].includes(r.type));
  if (bad >= 0) throw new SdnError(`rule at position ${bad} has the unknown type '${file.rules[bad]?.type}'; correct ${vnetFirewallKey(vnet)} by hand`);
  return { key: vnetFirewallKey(vnet), value: formatVnetFirewall(file) };
}
