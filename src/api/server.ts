/**
 * The HTTP(S) server: Fastify (schema-free here, since parameters are
 * checked by our own reference-compatible validator; Fastify brings the
 * routing, body limits, content-type parsing, HTTPS and `inject` for fast
 * tests). Every route is mounted under `/api2/json`; each request is
 * authenticated, its parameters checked, its permission checked, then the
 * route's handler runs. Failures go through the one map in errors.ts.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { loadAccess } from '../auth/access-config.js';
import { authenticate, AuthError, type Principal } from '../auth/authenticate.js';
import { hasAll, hasAny } from '../auth/permissions.js';
import { ParamError } from '../sdn/errors.js';
import { errorAnswer, NotImplementedError, PermissionError, reasonPhrase } from './errors.js';
import { checkParams } from './params.js';
import { checkPermission } from './perm-check.js';
import type { Ctx, RouteDef, Services } from './route.js';
import { ALL_ROUTES } from './routes/index.js';
import { addSecurityHeaders } from './security-headers.js';
import { TLS_SERVER_OPTIONS } from './tls.js';
import { registerWebUi } from './web-ui.js';

export const API_BASE = '/api2/json';
/** the reference limits request bodies too (64 KiB); 1 MiB leaves room for big route maps */
export const BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  readonly services: Services;
  /** the reference delays every 401 by 3 s to slow down password guessing */
  readonly authFailureDelayMs?: number;
  readonly https?: { readonly cert: string; readonly key: string };
  readonly logger?: boolean;
}

function formBody(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : [...[prev].flat(), v];
  }
  return out;
}

function jsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ParamError({ body: `malformed JSON: ${(e as Error).message}` });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new ParamError({ body: 'an object is required' });
  return data;
}

function send(reply: FastifyReply, status: number, body: unknown, reason?: string): FastifyReply {
  if (reason) reply.raw.statusMessage = reasonPhrase(reason);
  return reply.code(status).header('content-type', 'application/json;charset=UTF-8').send(JSON.stringify(body));
}

async function sendError(reply: FastifyReply, e: unknown, delayMs: number): Promise<FastifyReply> {
  const answer = errorAnswer(e);
  if (answer.status === 401 && delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  if (answer.status === 500 && !(e instanceof Error && ['SdnError'].includes(e.name))) reply.log.error(e);
  return send(reply, answer.status, answer.body, answer.body.message);
}

function rawParams(req: FastifyRequest): Record<string, unknown> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  return { ...query, ...body, ...((req.params ?? {}) as Record<string, unknown>) };
}

function makeHandler(route: RouteDef, opts: AppOptions, closing: AbortSignal) {
  const { services } = opts;
  const delay = opts.authFailureDelayMs ?? 3000;
  return async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const { config, secrets } = loadAccess(await services.store.read());
      let principal: Principal | null = null;
      if (!route.world) {
        principal = authenticate(
          { method: req.method, cookie: req.headers.cookie, authorization: req.headers.authorization, csrf: [req.headers.csrfpreventiontoken ?? ''].flat()[0] },
          config,
          secrets,
        );
      }
      const params = checkParams(route.params, rawParams(req));
      const can = (path: string, privs: readonly string[], any = false) =>
        principal !== null && (any ? hasAny(config, principal.authid, path, privs) : hasAll(config, principal.authid, path, privs));
      const ctx: Ctx = {
        params,
        principal,
        access: config,
        services,
        can,
        check(path, privs, any = false) {
          if (!can(path, privs, any)) throw new PermissionError(`${path}, ${privs.join(any ? '|' : ', ')}`);
        },
        setCookie: (value) => void reply.header('set-cookie', value),
        closing,
      };
      if (principal?.isToken && route.allowToken === false) throw new PermissionError(`URI '${route.path}' not available with API token, need proper ticket.`);
      if (principal && route.permission) checkPermission(config, principal.authid, route.permission, params);
      const data = await route.handler(ctx);
      return send(reply, 200, { data: data ?? null });
    } catch (e) {
      return sendError(reply, e, delay);
    }
  };
}

function noSchemas(): never {
  throw new Error('internal: a route with a JSON schema; parameters are checked by api/params.ts');
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // routes carry no JSON schema (api/params.ts checks parameters): without these Fastify loads
    // ajv and fast-json-stringify at start, a third of the start's CPU, for nothing
    schemaController: { compilersFactory: { buildValidator: noSchemas, buildSerializer: noSchemas } },
    ...(opts.https ? { https: { ...TLS_SERVER_OPTIONS, cert: opts.https.cert, key: opts.https.key } } : {}),
  }) as unknown as FastifyInstance;
  addSecurityHeaders(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, jsonBody(String(body)));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, formBody(String(body))));
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    // a body without a known type is taken as a form when it looks like one
    const text = String(body);
    if (text === '') return done(null, {});
    done(new ParamError({ body: `unsupported content type '${String(req.headers['content-type'])}'; send application/json or application/x-www-form-urlencoded` }), undefined);
  });

  app.setErrorHandler((error: Error & { code?: string }, _req, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, 400, { data: null, message: 'Parameter verification failed.\n', errors: { body: `request body is larger than ${BODY_LIMIT} bytes` } }, 'Parameter verification failed.');
    if (error.code?.startsWith('FST_ERR_CTP')) return send(reply, 400, { data: null, message: 'Parameter verification failed.\n', errors: { body: error.message } }, 'Parameter verification failed.');
    return sendError(reply, error, 0);
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, new NotImplementedError(req.method, req.url.split('?')[0]?.replace(API_BASE, '') ?? req.url), 0));

  // close() waits for requests in flight: end the long ones first
  const closing = new AbortController();
  app.addHook('preClose', (done) => {
    closing.abort(new Error('the server is shutting down'));
    done();
  });
  for (const route of ALL_ROUTES) {
    const url = `${API_BASE}${route.path === '/' ? '' : route.path.replace(/\{([^}]+)\}/g, ':$1')}`;
    app.route({ method: route.method, url, handler: makeHandler(route, opts, closing.signal) });
  }
  await registerWebUi(app);
  return app;
}

export { AuthError };
