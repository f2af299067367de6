/**
 * What the protocols' builders share: the shape of a fabric and a node built
 * from their sections (fabrics/build.ts groups them), and the rule of a
 * node's `role` (which of its section's keys it excludes or requires).
 */
import type { FabricProtocol } from '../model/fabric-kind.js';
import { issue, type Issue } from '../model/issues.js';
import type { IpAddr } from '../model/values.js';

/** A fabric as built from its section: the section's values, with its protocol (which its nodes share). */
export type BuiltFabric<Section, P extends FabricProtocol> = Section & { readonly protocol: P };

/**
 * A node as built from its section: its fabric and node names (from the
 * section id) instead of the id, its protocol instead of the section type,
 * the ids early versions repeated dropped (the builder checked them), and
 * `Listed` keys as lists, empty when not given.
 */
export type BuiltNode<Section, P extends FabricProtocol, Listed extends keyof Section = never> = Omit<Section, 'id' | 'type' | 'fabric_id' | 'node_id' | Listed> & {
  readonly protocol: P;
  readonly fabric: string;
  readonly node: string;
} & { readonly [K in Listed]-?: Exclude<Section[K], undefined> };

/** A node of role `R`: without the keys that role excludes (`Drop`), with those it requires (`Add`). */
export type RoleNode<N, R extends string, Drop extends keyof N, Add> = Omit<N, 'role' | Drop> & { readonly role: R } & Add;

export interface NodeCtx {
  readonly path: string;
  readonly out: Issue[];
  readonly fabric: string;
  readonly node: string;
}

/** The keys every node keeps: its names and its addresses. */
export function nodeBase(ctx: NodeCtx, r: { readonly ip?: IpAddr; readonly ip6?: IpAddr }) {
  return { fabric: ctx.fabric, node: ctx.node, ...(r.ip ? { ip: r.ip } : {}), ...(r.ip6 ? { ip6: r.ip6 } : {}) };
}

/** A node whose section holds its addresses and interfaces only (OpenFabric, OSPF): those, its interfaces a list. */
export function interfacesNode<P extends FabricProtocol, I>(ctx: NodeCtx, protocol: P, r: { readonly ip?: IpAddr; readonly ip6?: IpAddr; readonly interfaces?: readonly I[] }) {
  return { ...nodeBase(ctx, r), protocol, interfaces: r.interfaces ?? [] };
}

/** Which of its section's keys a node's role excludes, and which it requires. */
interface RoleRule<K> {
  readonly forbidden: readonly K[];
  readonly required: readonly K[];
}
export type RoleRules<R extends { readonly role: string }> = Readonly<Record<R['role'], RoleRule<Extract<keyof R, string>>>>;

/** Whether `r` keeps its role's rule (`rules[r.role]`); each key it breaks is a finding. */
export function checkRole<R extends { readonly role: string }>(ctx: NodeCtx, protocol: FabricProtocol, r: R, rule: RoleRule<Extract<keyof R, string>>): boolean {
  let ok = true;
  for (const key of rule.forbidden) {
    if (r[key] !== undefined) {
      ctx.out.push(issue('unknown-property', `${ctx.path}.${key}`, `property is not allowed for a ${protocol} node with role '${r.role}'`));
      ok = false;
    }
  }
  for (const key of rule.required) {
    if (r[key] === undefined) {
      ctx.out.push(issue('missing-property', `${ctx.path}.${key}`, `property is required for a ${protocol} node with role '${r.role}'`));
      ok = false;
    }
  }
  return ok;
}
