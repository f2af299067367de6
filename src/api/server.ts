/**
 * The HTTP(S) server: Fastify (schema-free here, since parameters are
 * checked by our own reference-compatible validator; Fastify brings the
 * body limits, HTTPS and `inject` for fast tests). Every route answers
 * under `/api2/json` and `/api2/extjs` (formats.ts): Fastify hands each
 * `/api2/…` request to one handler, which finds its route in router.ts
 * (empty path segments skipped as the reference's router skips them) and
 * loads the route's module at its first call (routes/index.ts). Each request
 * is authenticated, its parameters gathered (request-params.ts), its
 * declared permission checked on them as sent, then they are validated
 * (the reference's order), then the route's handler runs. Failures
 * go through the one map in errors.ts.
 */
import { createRequire } from 'node:module';
import type FastifyFactory from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadAccess } from '../auth/access-config.js';
import { authenticate, AuthError, type Principal } from '../auth/authenticate.js';
import { hasAll, hasAny } from '../auth/permissions.js';
import type { ConfigStore, StoreSnapshot } from '../store/types.js';
import { ParamError } from '../util/errors.js';
import { errorAnswer, NotImplementedError, PermissionError, reasonPhrase } from './errors.js';
import { formatFailure, formatSuccess, isApiFormat, splitApiUrl, type ApiFormat, type FormattedAnswer } from './formats.js';
import { allParamErrors, collectParams } from './params.js';
import { checkPermission, permParams } from './perm-check.js';
import { decodeJsonBody, decodeUrlEncoded, gatherParams, type RawParams } from './request-params.js';
import type { Ctx, HttpMethod, RouteDef, Services } from './route.js';
import { pathSegments, PathRouter } from './router.js';
import { ROUTE_MODULES, routeKey, type RouteModule } from './routes/index.js';
import { addSecurityHeaders } from './security-headers.js';
import { TLS_SERVER_OPTIONS } from './tls.js';
import { registerWebUi } from './web-ui.js';

/**
 * Fastify is CommonJS. Imported from ESM, Node 20 runs every `require` of the
 * ~130 modules under it through the ESM loader (a module job and an export
 * scan each: translators.js loadCJSModule); required, they take the CommonJS
 * loader's own path: ~50 ms less of the server's start.
 */
const Fastify = createRequire(import.meta.url)('fastify') as typeof FastifyFactory;

/** the reference limits request bodies too (512 KiB); 1 MiB leaves room for big route maps */
export const BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  readonly services: Services;
  /** the reference delays every 401 by 3 s to slow down password guessing */
  readonly authFailureDelayMs?: number;
  readonly https?: { readonly cert: string; readonly key: string };
  readonly logger?: boolean;
}

function send(reply: FastifyReply, answer: FormattedAnswer): FastifyReply {
  if (answer.reason) reply.raw.statusMessage = reasonPhrase(answer.reason);
  return reply.code(answer.status).header('content-type', 'application/json;charset=UTF-8').send(answer.text);
}

/** the request's own authentication failed: 401 in every format (the reference answers it before formatting) */
class RequestAuthFailure extends Error {
  constructor(readonly failure: AuthError) {
    super(failure.message);
  }
}

async function sendError(reply: FastifyReply, format: ApiFormat, e: unknown, delayMs: number): Promise<FastifyReply> {
  const answer = errorAnswer(e instanceof RequestAuthFailure ? e.failure : e);
  if (answer.status === 401 && delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  if (answer.status === 500 && !(e instanceof Error && ['SdnError'].includes(e.name))) reply.log.error(e);
  return send(reply, e instanceof RequestAuthFailure ? formatFailure('json', answer) : formatFailure(format, answer));
}

const API_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

function rawParams(req: FastifyRequest, path: Readonly<Record<string, string>>): RawParams {
  const q = req.url.indexOf('?');
  return gatherParams({
    body: req.body instanceof Map ? (req.body as RawParams) : null,
    query: q < 0 ? '' : req.url.slice(q + 1),
    path,
  });
}

function principalOf(route: RouteDef, req: FastifyRequest, access: ReturnType<typeof loadAccess>): Principal | null {
  if (route.world) return null;
  try {
    return authenticate(
      { method: req.method, cookie: req.headers.cookie, authorization: req.headers.authorization, csrf: [req.headers.csrfpreventiontoken ?? ''].flat()[0] },
      access.config,
      access.secrets,
    );
  } catch (e) {
    throw e instanceof AuthError ? new RequestAuthFailure(e) : e;
  }
}

/** The store as a request reads it: a route that reads only credentials takes the last snapshot read while the store does not answer. */
async function requestSnapshot(store: ConfigStore, route: RouteDef): Promise<StoreSnapshot> {
  if (!route.credentialsOnly) return store.read();
  const recent = store.recent?.();
  if (recent) return recent;
  try {
    return await store.read();
  } catch (e) {
    // the failed read is what tells the store that it does not answer
    const last = store.recent?.();
    if (last) return last;
    throw e;
  }
}

/** A route found by the router: its module's routes are loaded at the first call of one of them. */
interface RouteRef {
  readonly module: RouteModule;
  readonly key: string;
}

/** The route of a reference, its module loaded once (every request of its routes waits on that one load). */
function routeLoader(): (ref: RouteRef) => Promise<RouteDef> {
  const modules = new Map<RouteModule, Promise<ReadonlyMap<string, RouteDef>>>();
  return async (ref) => {
    let routes = modules.get(ref.module);
    if (!routes) modules.set(ref.module, (routes = ref.module.load().then((defs) => new Map(defs.map((r) => [routeKey(r), r])))));
    const route = (await routes).get(ref.key);
    if (!route) throw new Error(`internal: routes/index.ts lists ${ref.key}, its module does not declare it`);
    return route;
  };
}

/** `/api2/<format>/<path>` requests, answered by the route the router finds for the path and method. */
function makeApiHandler(opts: AppOptions, closing: AbortSignal) {
  const router = new PathRouter<RouteRef>();
  for (const module of ROUTE_MODULES) {
    for (const key of module.routes) {
      const [method = '', path = ''] = key.split(' ');
      router.add(method, path, { module, key });
    }
  }
  const routeOf = routeLoader();
  const run = routeRunner(opts, closing);
  return (req: FastifyRequest, reply: FastifyReply) => {
    const q = req.url.indexOf('?');
    // the Fastify route is /api2/*: the first two segments are `api2` and the format
    const [, format = '', ...segments] = pathSegments(q < 0 ? req.url : req.url.slice(0, q));
    // a HEAD request is answered as a GET (Fastify sends no body)
    const found = isApiFormat(format) ? router.find(req.method === 'HEAD' ? 'GET' : req.method, segments) : null;
    return found ? run(routeOf(found.value), found.params, format as ApiFormat, req, reply) : notFound(req, reply);
  };
}

/** Runs a route on a request whose path gave `pathParams`, answering in `format`. */
function routeRunner(opts: AppOptions, closing: AbortSignal) {
  const { services } = opts;
  const delay = opts.authFailureDelayMs ?? 3000;
  return async (loading: Promise<RouteDef>, pathParams: Readonly<Record<string, string>>, format: ApiFormat, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    try {
      const route = await loading;
      const snapshot = await requestSnapshot(services.store, route);
      const access = loadAccess(snapshot);
      const principal = principalOf(route, req, access);
      const raw = rawParams(req, pathParams);
      const { config } = access;
      // the reference's order: token refusal, the declared rule on the parameters as sent, then their validation
      if (principal?.isToken && route.allowToken === false) throw new PermissionError(`URI '${route.path}' not available with API token, need proper ticket.`);
      if (principal && route.permission) checkPermission(config, principal.authid, route.permission, permParams(raw));
      const { params, errors } = collectParams(route.params, raw, route.unknownParams);
      const can = (path: string, privs: readonly string[], any = false) =>
        principal !== null && (any ? hasAny(config, principal.authid, path, privs) : hasAll(config, principal.authid, path, privs));
      const ctx: Ctx = {
        params,
        principal,
        access: config,
        services,
        snapshot,
        can,
        check(path, privs, any = false) {
          if (!can(path, privs, any)) throw new PermissionError(`${path}, ${privs.join(any ? '|' : ', ')}`);
        },
        setCookie: (value) => void reply.header('set-cookie', value),
        closing,
      };
      if (errors) throw await allParamErrors(errors, route.checksAfterParams && (() => route.checksAfterParams?.(ctx)));
      return send(reply, formatSuccess(format, await route.handler(ctx)));
    } catch (e) {
      return sendError(reply, format, e, delay);
    }
  };
}

function noSchemas(): never {
  throw new Error('internal: a route with a JSON schema; parameters are checked by api/params.ts');
}

/** The format a failed request is answered in: its URL's, else json. */
function formatOfUrl(url: string): ApiFormat {
  const api = splitApiUrl(url);
  return api && isApiFormat(api.format) ? api.format : 'json';
}

function notFound(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> | FastifyReply {
  const api = splitApiUrl(req.url);
  if (api && !isApiFormat(api.format)) {
    return send(reply, { status: 501, text: JSON.stringify({ data: null, message: `no formatter for uri ${api.path}, ${api.format}\n` }), reason: `no formatter for uri ${api.path}, ${api.format}` });
  }
  return sendError(reply, api ? (api.format as ApiFormat) : 'json', new NotImplementedError(req.method, api ? api.path : (req.url.split('?')[0] ?? req.url)), 0);
}

const badBody = (reason: string) => new ParamError({ body: reason });

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // routes carry no JSON schema (api/params.ts checks parameters): without these Fastify loads
    // ajv and fast-json-stringify at start, a third of the start's CPU, for nothing
    schemaController: { compilersFactory: { buildValidator: noSchemas, buildSerializer: noSchemas } },
    // `//cluster/sdn/` is `/cluster/sdn`, as in the reference's router
    routerOptions: { ignoreDuplicateSlashes: true, ignoreTrailingSlash: true },
    ...(opts.https ? { https: { ...TLS_SERVER_OPTIONS, cert: opts.https.cert, key: opts.https.key } } : {}),
  }) as unknown as FastifyInstance;
  addSecurityHeaders(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, decodeJsonBody(String(body)));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, decodeUrlEncoded(String(body))));
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    if (String(body) === '') return done(null, new Map());
    done(badBody(`unsupported content type '${String(req.headers['content-type'])}'; send application/json or application/x-www-form-urlencoded`), undefined);
  });

  app.setErrorHandler((error: Error & { code?: string }, req, reply) => {
    const format = formatOfUrl(req.url);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, format, badBody(`request body is larger than ${BODY_LIMIT} bytes`), 0);
    if (error.code?.startsWith('FST_ERR_CTP')) return sendError(reply, format, badBody(error.message), 0);
    return sendError(reply, format, error, 0);
  });
  app.setNotFoundHandler(notFound);

  // close() waits for requests in flight: end the long ones first
  const closing = new AbortController();
  app.addHook('preClose', (done) => {
    closing.abort(new Error('the server is shutting down'));
    done();
  });
  app.route({ method: API_METHODS, url: '/api2/*', handler: makeApiHandler(opts, closing.signal) });
  registerWebUi(app);
  return app;
}

export { AuthError };
