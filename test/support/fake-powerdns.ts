/**
 * A small stateful PowerDNS HTTP API (zones with rrsets; GET zone, PATCH
 * rrsets with REPLACE/DELETE) as a handler for `HttpRecorder`, under
 * `/api/v1/servers/localhost`.
 */
import type { Handler, Recorded } from './http-recorder.js';

interface Rrset {
  name: string;
  type: string;
  ttl?: number | string;
  records: Array<{ content: string; disabled: boolean }>;
}

export class FakePowerDns {
  /** zone name with the final dot → rrsets */
  readonly zones = new Map<string, Rrset[]>();
  failWhen: ((r: Recorded) => boolean) | null = null;

  constructor(zones: readonly string[]) {
    for (const z of zones) this.zones.set(z.endsWith('.') ? z : `${z}.`, []);
  }

  /** `name type` → contents, over every zone */
  records(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const sets of this.zones.values()) for (const s of sets) out[`${s.name} ${s.type}`] = s.records.map((r) => r.content).sort();
    return out;
  }

  readonly handler: Handler = (r) => {
    if (this.failWhen?.(r)) return { status: 500, body: { error: 'injected failure' } };
    const url = new URL(r.path, 'http://x');
    const m = /^\/api\/v1\/servers\/localhost\/zones\/([^/]+)$/.exec(url.pathname);
    if (!m) return { status: 404, body: 'Not Found' };
    const name = (m[1] as string).endsWith('.') ? (m[1] as string) : `${m[1] as string}.`;
    const sets = this.zones.get(name);
    if (!sets) return { status: 404, body: 'Not Found' };
    if (r.method === 'GET') return { body: { name, rrsets: url.searchParams.get('rrsets') === 'false' ? undefined : sets } };
    if (r.method !== 'PATCH') return { status: 405 };
    for (const change of (r.body as { rrsets: Array<Rrset & { changetype: string }> }).rrsets) {
      const i = sets.findIndex((s) => s.name === change.name && s.type === change.type);
      if (i >= 0) sets.splice(i, 1);
      if (change.changetype === 'REPLACE') sets.push({ name: change.name, type: change.type, ttl: change.ttl, records: change.records.map((x) => ({ content: x.content, disabled: x.disabled })) });
    }
    return { status: 204 };
  };
}
