/**
 * The server as a browser or a scanner meets it over HTTPS: TLS 1.2 only
 * with AEAD suites (openssl s_client offering CBC suites is refused), TLS
 * 1.3 as OpenSSL has it, nothing older; the security headers on the web
 * UI's `/` and on the API; the ticket cookie HttpOnly.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { request } from 'node:https';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SECURITY_HEADERS } from '../../src/api/security-headers.js';
import { readRootPassword, startServer, type RunningServer } from '../../src/api/start.js';
import { needs } from '../support/system.js';
import { tempDir } from './harness.js';

interface Got {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

describe('TLS and security headers', () => {
  let server: RunningServer;
  let dir: string;
  let port: number;

  before(async () => {
    dir = tempDir('weft-tls-');
    server = await startServer({ dataDir: join(dir, 'data'), host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0 });
    port = Number(new URL(server.url).port);
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function get(method: string, path: string, body?: string): Promise<Got> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, ca: server.tls?.cert, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Does a handshake with these openssl s_client options succeed? (asynchronous: the server runs in this process) */
  function handshake(args: readonly string[]): Promise<boolean> {
    return new Promise((resolve) => {
      const child = execFile('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', ...args], { encoding: 'utf8', timeout: 10_000 }, (err, stdout) => {
        resolve(err === null && /Cipher is (?!\(NONE\))/.test(stdout));
      });
      child.stdin?.end();
    });
  }

  test('TLS 1.2 refuses every CBC suite and accepts AEAD ones; TLS 1.3 works; 1.1 does not', { skip: needs({ commands: ['openssl'] }) }, async () => {
    for (const cbc of ['ECDHE-ECDSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES128-SHA', 'AES128-SHA', 'AES256-SHA256']) {
      assert.equal(await handshake(['-tls1_2', '-cipher', cbc]), false, `${cbc} must be refused`);
    }
    assert.equal(await handshake(['-tls1_2', '-cipher', 'ALL:!AESGCM:!CHACHA20:!AESCCM:@SECLEVEL=0']), false, 'no non-AEAD suite at all');
    for (const aead of ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305']) {
      assert.equal(await handshake(['-tls1_2', '-cipher', aead]), true, `${aead} must be accepted`);
    }
    assert.equal(await handshake(['-tls1_3']), true, 'TLS 1.3');
    assert.equal(await handshake(['-tls1_1', '-cipher', 'ALL:@SECLEVEL=0']), false, 'TLS 1.1');
  });

  test('the security headers on the web UI and on the API, answers and errors alike', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/sdn-schema.json'],
      ['GET', '/api2/json/version'],
      ['GET', '/api2/json/nothing/here'],
      ['GET', '/api2/json/access/domains'],
    ] as const) {
      const got = await get(method, path);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(got.headers[name], value, `${name} on ${method} ${path} (${got.status})`);
    }
    assert.match(SECURITY_HEADERS['content-security-policy'] ?? '', /script-src 'self'(;|$)/, 'no inline scripts or eval');
  });

  test('the ticket cookie is HttpOnly, Secure and SameSite; logging out expires it', async () => {
    const login = await get('POST', '/api2/json/access/ticket', JSON.stringify({ username: 'root@pam', password: readRootPassword(join(dir, 'data')) }));
    assert.equal(login.status, 200);
    const cookie = [login.headers['set-cookie'] ?? []].flat().join('\n');
    assert.match(cookie, /^WeftAuthCookie=PVE%3Aroot%40pam%3A/);
    for (const attr of [/;\s*HttpOnly/i, /;\s*secure/i, /;\s*SameSite=Lax/i]) assert.match(cookie, attr);
    const out = await get('DELETE', '/api2/json/access/ticket');
    assert.equal(out.status, 200);
    assert.match([out.headers['set-cookie'] ?? []].flat().join('\n'), /^WeftAuthCookie=;.*HttpOnly.*expires=Thu, 01 Jan 1970/i);
  });
});
