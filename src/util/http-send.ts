/**
 * The one HTTP(S) transport of Weft's clients (the API client of the CLI and
 * agents, the IPAM and DNS backends): a request as bytes out, status and text
 * back, with the server's certificate verified by a CA, pinned by its SHA-256
 * fingerprint, or explicitly not at all.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface SendOptions {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  /** `AB:CD:…` (colons optional, any case): the SHA-256 fingerprint the server certificate must have (one of a comma-separated list) */
  readonly fingerprint?: string;
  /** no certificate check at all (`--insecure`) */
  readonly insecure?: boolean;
  /** idle time after which the request fails; none for long polls */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface SendAnswer {
  readonly status: number;
  readonly reason: string;
  readonly text: string;
}

export const normalizeFingerprint = (fp: string): string => fp.replace(/:/g, '').toUpperCase();

/**
 * Pinned connections are kept alive but never resume a TLS session: a resumed
 * session shows no peer certificate, so its fingerprint would read empty.
 */
const pinnedAgent = new HttpsAgent({ keepAlive: true, maxCachedSessions: 0 });

/** Why the socket's certificate is not the pinned one, or undefined when it is. */
function pinMismatch(socket: Socket, fingerprint: string): string | undefined {
  const got = (socket as TLSSocket).getPeerCertificate().fingerprint256 ?? '';
  // several servers, each with its own self-signed certificate: any of the pinned ones (comma-separated)
  return fingerprint.split(',').some((f) => normalizeFingerprint(got) === normalizeFingerprint(f)) ? undefined : `server certificate fingerprint ${got || '(none)'} does not match the pinned ${fingerprint}; refusing to talk to it`;
}

export function sendHttp(o: SendOptions): Promise<SendAnswer> {
  const tls = o.url.protocol === 'https:';
  const pinned = tls && o.fingerprint !== undefined && o.fingerprint !== '';
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    };
    const common = { method: o.method, headers: o.headers, ...(o.timeoutMs !== undefined ? { timeout: o.timeoutMs } : {}), ...(o.signal ? { signal: o.signal } : {}) };
    const req = tls
      ? httpsRequest(o.url, { ...common, rejectUnauthorized: !(pinned || o.insecure), ...(pinned ? { agent: pinnedAgent } : {}) }, onResponse)
      : httpRequest(o.url, common, onResponse);
    if (pinned) {
      const fingerprint = o.fingerprint as string;
      // a kept-alive socket is checked on the spot, a new one once it is connected:
      // one listener per connection, never one per request
      req.on('socket', (socket: Socket) => {
        const check = () => {
          const why = pinMismatch(socket, fingerprint);
          if (why) req.destroy(new Error(why));
        };
        if (socket.connecting) socket.once('secureConnect', check);
        else check();
      });
    }
    if (o.timeoutMs !== undefined) req.on('timeout', () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(o.body);
  });
}
