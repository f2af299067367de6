/**
 * Headers on every answer, the web UI's and the API's: HTTPS only from now
 * on (HSTS), no MIME sniffing, no framing (clickjacking), no referrer
 * leaking paths elsewhere, and a Content-Security-Policy the web UI works
 * under: its scripts, styles, images and calls come from this origin only;
 * inline styles are allowed because Mantine and React Flow set element
 * styles and inject their CSS variables at run time. Inline scripts, eval
 * and plugins are not.
 */
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'strict-transport-security': 'max-age=31536000',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
};

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });
}
