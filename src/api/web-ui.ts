/**
 * The web UI: the built single-page app (`web/dist`) at `/`, and the
 * section kinds' and API methods' schemas at `/sdn-schema.json` for its forms. Only the
 * exact paths of these files are answered, so every other path still reaches the API's
 * not-found answer. When the app is not built, `/` says how to build it.
 * The few built files are served here rather than by a static-file plugin,
 * whose modules cost a seventh of the server's start, and through one Fastify
 * route that finds them in a table (router.ts), since each route Fastify adds
 * costs about half a millisecond of the start.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SdnSchema } from '../model/sdn-schema.js';
import { pathSegments, PathRouter } from './router.js';
import { loadAllRoutes, routeKey } from './routes/index.js';

/** dist/src/api → repo root → web/dist */
export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web', 'dist');

/** built at its first request: it needs every route module and every section kind, which the server's start does not load */
let schemaText: Promise<string> | null = null;

async function sdnSchemaText(): Promise<string> {
  const [{ SECTION_KINDS }, routes] = await Promise.all([import('../sections/kinds.js'), loadAllRoutes()]);
  const schema: SdnSchema = { kinds: SECTION_KINDS, methods: Object.fromEntries(routes.map((r) => [routeKey(r), r.params])) };
  return JSON.stringify(schema);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

function serveFile(file: string, immutable: boolean) {
  const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const info = await stat(file).catch(() => null);
    if (!info) return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send(`${req.url} is gone: the web UI was rebuilt; reload the page.\n`);
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    reply.header('etag', etag).header('last-modified', info.mtime.toUTCString());
    // file names under assets/ carry a content hash; the rest must be revalidated to pick up a new build
    reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.header('content-type', type).send(await readFile(file));
  };
}

type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> | FastifyReply;

/** path → handler: the schema document, and the built files (index.html also at `/`) or how to build them */
function webUiPaths(dist: string): PathRouter<Handler> {
  const paths = new PathRouter<Handler>();
  paths.add('GET', '/sdn-schema.json', async (_req, reply) => reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-cache').send(await (schemaText ??= sdnSchemaText())));
  if (!existsSync(join(dist, 'index.html'))) {
    paths.add('GET', '/', (_req, reply) =>
      reply
        .code(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .send(`The Weft web UI is not built (${dist} is missing).\nBuild it with \`node scripts/ensure-built.mjs\` (or start the server with \`npm start\`), then reload this page.\n`),
    );
    return paths;
  }
  for (const file of filesUnder(dist)) {
    const path = relative(dist, file).split(sep).join('/');
    const handler = serveFile(file, path.startsWith('assets/'));
    paths.add('GET', `/${path}`, handler);
    if (path === 'index.html') paths.add('GET', '/', handler);
  }
  return paths;
}

export function registerWebUi(app: FastifyInstance, dist = WEB_DIST): void {
  const paths = webUiPaths(dist);
  // a HEAD request is answered as a GET (Fastify sends no body)
  app.get('/*', (req, reply) => {
    const q = req.url.indexOf('?');
    const found = paths.find('GET', pathSegments(q < 0 ? req.url : req.url.slice(0, q)));
    return found ? found.value(req, reply) : reply.callNotFound();
  });
}
