/** Where the fabric checks report (phase two of the decoder), and the paths they name: `fabric.key`, `fabric/node.key`. */
import type { Issue } from '../model/issues.js';

export interface FabricCheckCtx {
  readonly where: string;
  readonly out: Issue[];
}

export const fabricPath = (ctx: FabricCheckCtx, fabric: string, key: string) => `${ctx.where}${fabric}.${key}`;
export const nodePath = (ctx: FabricCheckCtx, n: { readonly fabric: string; readonly node: string }, key: string) => `${ctx.where}${n.fabric}/${n.node}.${key}`;
