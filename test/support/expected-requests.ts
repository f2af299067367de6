/** The conformance fixtures of plugin requests (`test/fixtures/conformance/plugins/…/expected/*.json`). */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Recorded } from './http-recorder.js';
import { CONFORMANCE_DIR } from './conformance.js';

export interface ExpectedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

const PLUGINS_DIR = join(CONFORMANCE_DIR, 'plugins');

export function expected(plugin: string, name: string): ExpectedRequest {
  return JSON.parse(readFileSync(join(PLUGINS_DIR, plugin, 'expected', `${name}.json`), 'utf8')) as ExpectedRequest;
}

/** The fixture's URL with its scheme and host swapped for the local test server's. */
export function localBase(fixtureBase: string, serverBase: string): string {
  const u = new URL(fixtureBase);
  return `${serverBase}${u.pathname.replace(/\/$/, '')}`;
}

/** The recorded request is the fixture's: method, path and query, every fixture header, JSON body. */
export function assertSameRequest(got: Recorded | undefined, want: ExpectedRequest, what: string): void {
  assert.ok(got, `${what}: no request was sent`);
  const u = new URL(want.url);
  assert.equal(got.method, want.method, `${what}: method`);
  assert.equal(got.path, `${u.pathname}${u.search}`, `${what}: path and query`);
  for (const [name, value] of Object.entries(want.headers)) assert.equal(got.headers[name.toLowerCase()], value, `${what}: header ${name}`);
  assert.deepEqual(got.body, want.body, `${what}: body`);
}
