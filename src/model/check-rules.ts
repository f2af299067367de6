/**
 * What a check across sections needs to word its findings, shared by the
 * decoder's cross-checks and the plugins that own their kinds' checks: where
 * paths start, what the config is checked for, and the rules the reference
 * enforces only when a section is edited.
 */
import type { SectionSetName } from './config.js';
import { issue, type Issue, type Severity } from './issues.js';

/**
 * What the config is checked for. `edit`: a change about to be written, every
 * rule applies. `render`: an already applied (running) config; rules the
 * reference enforces only when a section is edited are warnings, because the
 * reference renders such configs (its own test corpus has them).
 */
export type Purpose = 'edit' | 'render';

/** Where paths start: `zones.` for JSON, `zones.cfg:` for section files. */
export type WhereFn = (kind: SectionSetName) => string;

export interface RuleCtx {
  readonly where: WhereFn;
  readonly purpose: Purpose;
}

/**
 * A rule the reference only enforces when a section is edited (its zone,
 * VNet and subnet update hooks: tags and VNIs unique and in range, one
 * tag-less VNet per QinQ zone, no subnet on a VLAN-aware VNet, …): an error on
 * edit, a warning on an applied config (rendered as the reference does).
 */
export function editRule(ctx: RuleCtx, code: string, path: string, message: string): Issue {
  const severity: Severity = ctx.purpose === 'edit' ? 'error' : 'warning';
  return issue(code, path, ctx.purpose === 'edit' ? message : `${message} (refused on edit; rendered as written)`, severity);
}

/** The path of property `key` of section `id` of set `kind`. */
export function at(ctx: RuleCtx, kind: SectionSetName, id: string, key: string): string {
  return `${ctx.where(kind)}${id}.${key}`;
}

/**
 * A VXLAN zone and an EVPN controller reach their peers through a list of
 * addresses or through a fabric, never both and never neither.
 */
export function peersOrFabric(ctx: RuleCtx, kind: SectionSetName, section: { readonly id: string; readonly peers?: readonly unknown[]; readonly fabric?: string }): Issue | undefined {
  if (Boolean(section.peers?.length) !== Boolean(section.fabric)) return undefined;
  return issue('peers-or-fabric', at(ctx, kind, section.id, 'peers'), 'must have exactly one of peers / fabric defined');
}
