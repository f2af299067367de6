/**
 * Bad input on every GET, POST and PUT of Weft's route table: unknown and
 * prototype-named parameters, wrong types, values out of range, control
 * characters and values over their length limit. Each answer is a 400
 * naming the parameter, never a 5xx (an unknown parameter is ignored only
 * where the reference's schema allows more: the method then runs, and must
 * not crash), and nothing is written.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { PropertySchema } from '../../src/model/schema.js';
import { checkProperty } from '../../src/model/schema.js';
import { loadAllRoutes } from '../../src/api/routes/index.js';
import type { RouteDef } from '../../src/api/route.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, type Harness } from './harness.js';

const ALL_ROUTES = await loadAllRoutes();

/** a path value its schema accepts, so that only the fuzzed parameter is wrong */
const PATH_SAMPLES = ['node1', 'v1', 'z1-10.0.0.0-24', '1', 'root@pam', 'root@pam!t1', 'pve', 'bgp-out_10', 'UPID:node1:00000001:00000001:00000001:srvreload:networking:root@pam:'];
function pathValue(schema: PropertySchema | undefined): string {
  return PATH_SAMPLES.find((v) => schema && checkProperty(schema, v).ok) ?? 'x';
}

/** wrong values for one parameter, each one the schema must refuse */
function badValues(schema: PropertySchema): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [['an object', { toString: 'x' }]];
  if (schema.type === 'integer') {
    out.push(['not a number', 'abc']);
    if (schema.maximum !== undefined) out.push(['above the maximum', schema.maximum + 1]);
    if (schema.minimum !== undefined) out.push(['below the minimum', schema.minimum - 1]);
  }
  if (schema.type === 'boolean') out.push(['not a boolean', 'maybe']);
  if (schema.type === 'string' || schema.type === 'array') {
    out.push(['a NUL', 'a\u0000b'], ['a bell', 'a\u0007b']);
    if (!(schema.type === 'string' && schema.multiline)) out.push(['a line feed', 'a\nb']);
  }
  if (schema.type === 'string' && schema.maxLength !== undefined) out.push(['too long', 'a'.repeat(schema.maxLength + 1)]);
  if (schema.type === 'string' && schema.enum) out.push(['not in the enumeration', 'no-such-choice']);
  return out;
}

const PROTOTYPE_NAMES = ['toString', 'constructor', 'hasOwnProperty', '__proto__'];

async function request(h: Harness, route: RouteDef, params: Record<string, unknown>, encoding: 'json' | 'form'): Promise<{ status: number; message: string; errors: Record<string, string> }> {
  const names = new Set((route.path.match(/\{[^}]+\}/g) ?? []).map((n) => n.slice(1, -1)));
  const path = route.path.replace(/\{([^}]+)\}/g, (_, n: string) => encodeURIComponent(pathValue(route.params[n])));
  const withBody = route.method !== 'GET';
  const pairs = Object.entries(params).filter(([k]) => !names.has(k)).map(([k, v]): [string, string] => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  const form = new URLSearchParams(pairs).toString();
  const res = await h.app.inject({
    method: route.method,
    url: `/api2/json${path}${!withBody && form ? `?${form}` : ''}`,
    headers: { ...h.root, ...(withBody ? { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' } : {}) },
    ...(withBody ? { payload: encoding === 'json' ? `{${Object.entries(params).filter(([k]) => !names.has(k)).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}` : form } : {}),
  });
  const body = JSON.parse(res.body) as { message?: string; errors?: Record<string, string> };
  return { status: res.statusCode, message: body.message ?? '', errors: body.errors ?? {} };
}

test('every GET, POST and PUT refuses bad parameters with a 400 naming them, and writes nothing', { timeout: 300_000 }, async () => {
  const dir = tempDir('weft-fuzz-');
  const h = await makeHarness(new DirectoryStore(dir), dir);
  try {
    const before = (await h.store.read()).docs;
    let sent = 0;
    for (const route of ALL_ROUTES) {
      if (route.method === 'DELETE' || route.world) continue;
      const names = new Set((route.path.match(/\{[^}]+\}/g) ?? []).map((n) => n.slice(1, -1)));
      const cases: Array<[string, string, unknown]> = [['unknown', 'bogus_fuzz', '1'], ...PROTOTYPE_NAMES.map((n): [string, string, unknown] => ['prototype-named', n, '1'])];
      for (const [key, schema] of Object.entries(route.params)) {
        if (!names.has(key)) cases.push(...badValues(schema).map(([what, v]): [string, string, unknown] => [what, key, v]));
      }
      for (const [what, key, value] of cases) {
        const ignored = route.unknownParams === 'ignore' && !Object.hasOwn(route.params, key);
        // an object is JSON only: in a form or query it is just text
        const encodings = route.method === 'GET' ? (['form'] as const) : typeof value === 'object' ? (['json'] as const) : (['json', 'form'] as const);
        if (route.method === 'GET' && typeof value === 'object') continue;
        for (const encoding of encodings) {
          const a = await request(h, route, { [key]: value }, encoding);
          sent++;
          const label: string = `${route.method} ${route.path} ${key} ${what} (${encoding}): ${a.status} ${JSON.stringify(a.errors)}`;
          if (ignored) {
            // the method runs on (the path's sample object may not exist: the reference's 500 with a reason)
            assert.doesNotMatch(a.message, /internal error/, label);
            continue;
          }
          assert.equal(a.status, 400, label);
          assert.ok(Object.hasOwn(a.errors, key), label);
        }
      }
    }
    assert.ok(sent > 1000, `only ${sent} requests sent`);
    assert.deepEqual((await h.store.read()).docs, before, 'nothing written');
  } finally {
    await h.close();
  }
});
