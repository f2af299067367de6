/**
 * The web UI: the built single-page app (`web/dist`) at `/`, and the
 * section kinds' and API methods' schemas at `/sdn-schema.json` for its forms. Only exact
 * file routes are added, so every other path still reaches the API's
 * not-found answer. When the app is not built, `/` says how to build it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { SECTION_KINDS } from '../model/kinds.js';
import type { SdnSchema } from '../model/sdn-schema.js';
import { ALL_ROUTES } from './routes/index.js';

/** dist/src/api → repo root → web/dist */
export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web', 'dist');

const sdnSchema: SdnSchema = { kinds: SECTION_KINDS, methods: Object.fromEntries(ALL_ROUTES.map((r) => [`${r.method} ${r.path}`, r.params])) };
const schemaText = JSON.stringify(sdnSchema);

export async function registerWebUi(app: FastifyInstance, dist = WEB_DIST): Promise<void> {
  app.get('/sdn-schema.json', (_req, reply) => reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-cache').send(schemaText));
  if (!existsSync(join(dist, 'index.html'))) {
    app.get('/', (_req, reply) =>
      reply
        .code(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .send(`The Weft web UI is not built (${dist} is missing).\nBuild it with \`node scripts/ensure-built.mjs\` (or start the server with \`npm start\`), then reload this page.\nThe API is available under /api2/json.\n`),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    // file names under assets/ carry a content hash; index.html must be revalidated to pick up a new build
    setHeaders: (res, path) => res.setHeader('cache-control', path.includes(`${join('dist', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
}
