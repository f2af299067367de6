/**
 * What a route is: method, path (the reference's, with `{param}`), its
 * parameter schemas, who may call it, and a thin handler. Routes parse and
 * authorize here; the domain (src/sdn, src/auth) does the work.
 */
import type { AccessConfig } from '../auth/access-config.js';
import type { IpamServices } from '../ipam/sdn-deps.js';
import type { Principal } from '../auth/authenticate.js';
import type { ConfigStore, StoreSnapshot } from '../store/types.js';
import type { TaskManager } from '../tasks/tasks.js';
import type { PropertyValues } from '../model/property-schema.js';
import type { NodeName } from '../model/values.js';
import type { CheckedParams, ParamSchemas, UnknownParams } from './params.js';
import type { PermCheck } from './perm-check.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Services {
  readonly store: ConfigStore;
  readonly tasks: TaskManager;
  readonly nodename: NodeName;
  readonly version: string;
  /** the built-in IPAM and friends, for the IP mapping routes */
  readonly ipam?: IpamServices;
  /** how long an apply's task waits for the node agents to report */
  readonly agentTimeoutMs?: number;
  /** how many apply revisions the store keeps (`weft server --keep-revisions`, default 50) */
  readonly keepRevisions?: number;
  /** how long a live-state request waits for the node's agent to answer */
  readonly queryTimeoutMs?: number;
}

/** A request's context; `P` its parameters, typed from the route's schemas (`route`). */
export interface Ctx<P = CheckedParams> {
  readonly params: P;
  /** null only for routes that need no login */
  readonly principal: Principal | null;
  readonly access: AccessConfig;
  readonly services: Services;
  /**
   * The store as read for this request's access check: its reads of the
   * store (routes/sdn-tx.ts readState) use it rather than read it again;
   * its writes run on the store as it is when they commit.
   */
  readonly snapshot: StoreSnapshot;
  /** throws PermissionError unless the caller has the privileges */
  check(path: string, privs: readonly string[], any?: boolean): void;
  can(path: string, privs: readonly string[], any?: boolean): boolean;
  /** set a cookie on the answer (login) */
  setCookie(value: string): void;
  /** aborted when the server shuts down: long waits (long polls, apply tasks) end then */
  readonly closing: AbortSignal;
}

/** the context of a route under `/nodes/{node}`, for what such routes share */
export type NodeCtx = Ctx<{ readonly node: NodeName }>;

/** The parameters a route's handler gets: each checked against its schema, the required ones present. */
export type ParamsOf<S extends ParamSchemas> = PropertyValues<S>;
/** A handler's context for the parameter schemas `S`. */
export type RouteCtx<S extends ParamSchemas> = Ctx<ParamsOf<S>>;
/** The context of the checks after the parameters: only those that passed are there, required or not. */
export type CheckCtx<S extends ParamSchemas> = Ctx<Partial<ParamsOf<S>>>;

export interface RouteDef<S extends ParamSchemas = ParamSchemas> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly params: S;
  /**
   * 'ignore': parameters the schema does not name are ignored, as the
   * reference does for methods whose schema leaves `additionalProperties`
   * unset (the fabric methods); otherwise they are refused.
   */
  readonly unknownParams?: UnknownParams;
  /** the reference's declared rule, run before the handler; absent: the handler checks ('user: all' in the reference) */
  readonly permission?: PermCheck;
  /** false: refused to API tokens, a login ticket is needed (the reference's `allowtoken => 0`) */
  readonly allowToken?: false;
  /** reachable without login (the ticket call) */
  readonly world?: boolean;
  /**
   * The route reads nothing of the store but the credentials it checks (or
   * logs in with): while the store does not answer, it answers from the
   * last snapshot read (ConfigStore.recent) instead of failing
   */
  readonly credentialsOnly?: true;
  handler(ctx: RouteCtx<S>): Promise<unknown> | unknown;
  /**
   * The handler's own checks of the values (a section type's required
   * options, references), writing nothing: run when some parameters failed,
   * on those that passed, so that one answer names every invalid field.
   */
  checksAfterParams?(ctx: CheckCtx<S>): Promise<unknown> | unknown;
}

/**
 * A route, its handler typed by its own parameter schemas (`ctx.params.vnet`
 * a string, an integer a number, an optional one possibly undefined). The
 * table holds it as a plain RouteDef: the server calls the handler with the
 * parameters `collectParams` checked against those same schemas, which is
 * what makes the types true.
 */
export const route = <const S extends ParamSchemas>(def: RouteDef<S>): RouteDef => def;
