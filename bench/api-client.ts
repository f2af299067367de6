/**
 * The API benchmark's client: HTTPS with keep-alive to one server (its
 * certificate pinned as the only CA), logged in as root@pam with a ticket,
 * and the statistics the benchmark prints.
 */
import { Agent, request } from 'node:https';

export interface BenchAnswer {
  readonly status: number;
  readonly data: unknown;
  readonly text: string;
}

export interface BenchClient {
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, params?: Record<string, string | number>): Promise<BenchAnswer>;
  /** throws unless the answer is 200 */
  ok(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, params?: Record<string, string | number>): Promise<unknown>;
  close(): void;
}

interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly ca: string;
}

function send(ep: Endpoint, agent: Agent, method: string, path: string, params: Record<string, string | number>, headers: Record<string, string>): Promise<BenchAnswer> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const withBody = method === 'POST' || method === 'PUT';
  const body = withBody ? JSON.stringify(params) : '';
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: ep.host,
        port: ep.port,
        ca: ep.ca,
        agent,
        method,
        path: `/api2/json${path}${!withBody && query ? `?${query}` : ''}`,
        headers: { ...headers, ...(withBody ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let data: unknown = null;
          try {
            data = (JSON.parse(text) as { data?: unknown }).data ?? null;
          } catch {
            // not JSON: the text says what happened
          }
          resolve({ status: res.statusCode ?? 0, data, text });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Logs in as root@pam and returns a client with its own keep-alive connection. */
export async function connect(ep: Endpoint, password: string): Promise<BenchClient> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const login = await send(ep, agent, 'POST', '/access/ticket', { username: 'root@pam', password }, {});
  const ticket = login.data as { ticket?: string; CSRFPreventionToken?: string } | null;
  if (login.status !== 200 || !ticket?.ticket || !ticket.CSRFPreventionToken) throw new Error(`login failed: ${login.status} ${login.text}`);
  const headers = { cookie: `PVEAuthCookie=${encodeURIComponent(ticket.ticket)}`, csrfpreventiontoken: ticket.CSRFPreventionToken };
  const call: BenchClient['call'] = (method, path, params = {}) => send(ep, agent, method, path, params, headers);
  return {
    call,
    async ok(method, path, params) {
      const a = await call(method, path, params);
      if (a.status !== 200) throw new Error(`${method} ${path}: ${a.status} ${a.text.slice(0, 300)}`);
      return a.data;
    },
    close: () => agent.destroy(),
  };
}

export const percentile = (xs: readonly number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
};

/** Wall time of `fn` in milliseconds. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Runs `fn(i)` for i in 0…n-1 one after the other; the time of each. */
export async function series(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await timed(() => fn(i)));
  return out;
}
