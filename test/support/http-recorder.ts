/**
 * A local HTTP server on 127.0.0.1 that records every request and answers
 * through a handler, for checking the exact requests a plugin sends.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  readonly method: string;
  /** path and query, as sent */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** parsed JSON body, null when there was none */
  readonly body: unknown;
}

export interface Reply {
  readonly status?: number;
  readonly body?: unknown;
}

export type Handler = (req: Recorded) => Reply | undefined;

export class HttpRecorder {
  readonly requests: Recorded[] = [];
  handler: Handler;
  private server: Server | null = null;
  private port = 0;

  constructor(handler: Handler = () => undefined) {
    this.handler = handler;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get last(): Recorded | undefined {
    return this.requests[this.requests.length - 1];
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const rec: Recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text === '' ? null : (JSON.parse(text) as unknown) };
        this.requests.push(rec);
        let reply: Reply;
        try {
          reply = this.handler(rec) ?? {};
        } catch (e) {
          reply = { status: 500, body: { message: (e as Error).message } };
        }
        const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  clear(): void {
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
