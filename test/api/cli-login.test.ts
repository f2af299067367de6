/**
 * `weft login` keeps a ticket that later commands use (no token needed),
 * in a file only its owner reads; a wrong password stores nothing; logout
 * forgets it; and a token with privilege separation and no ACLs, whose
 * lists all read empty, says so on stderr.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { readRootPassword, startServer } from '../../src/api/start.js';
import { WEFT_BIN } from '../support/paths.js';
import { tempDir } from './harness.js';

const run = (args: string[], env: Record<string, string>) =>
  promisify(execFile)(process.execPath, [WEFT_BIN, ...args], { env: { ...process.env, WEFT_TOKEN: '', WEFT_TOKEN_FILE: '', ...env }, encoding: 'utf8' }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: e.stdout ?? '', err: e.stderr ?? '' }),
  );

test('weft login keeps a ticket for later commands; logout forgets it; an empty answer for a token without privileges says why', async () => {
  const dir = tempDir('weft-cli-login-');
  const data = join(dir, 'data');
  const server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0 });
  try {
    const session = join(dir, 'home', 'session.json');
    const env = { WEFT_SESSION_FILE: session, WEFT_SERVER: server.url, WEFT_FINGERPRINT: server.tls?.fingerprint ?? '' };
    const notLoggedIn = await run(['get', '/cluster/sdn/zones'], env);
    assert.equal(notLoggedIn.code, 2);
    assert.match(notLoggedIn.err, /not logged in: run 'weft login'/);

    const wrong = join(dir, 'wrong');
    writeFileSync(wrong, 'not-the-password\n');
    const refused = await run(['login', '--password-file', wrong], env);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /login failed/);
    assert.equal(existsSync(session), false, 'a failed login stores nothing');

    const right = join(dir, 'right');
    writeFileSync(right, `${readRootPassword(data)}\n`);
    const login = await run(['login', '--user', 'root@pam', '--password-file', right], env);
    assert.equal(login.code, 0, login.err);
    assert.match(login.err, /logged in to .* as root@pam/);
    assert.equal(statSync(session).mode & 0o777, 0o600);
    assert.equal(JSON.parse(readFileSync(session, 'utf8')).username, 'root@pam');

    // later commands: the ticket, no token (a write sends the CSRF token too)
    const onlySession = { WEFT_SESSION_FILE: session };
    assert.equal((await run(['create', '/cluster/sdn/zones', '--zone', 'z1', '--type', 'simple'], onlySession)).code, 0);
    const zones = await run(['get', '/cluster/sdn/zones', '--output-format', 'json'], onlySession);
    assert.deepEqual(JSON.parse(zones.out).map((z: { zone: string }) => z.zone), ['z1']);

    // a token with privilege separation and no ACL of its own: an empty list, and why
    const token = JSON.parse((await run(['create', '/access/users/root@pam/token/ro', '--output-format', 'json'], onlySession)).out) as { 'full-tokenid': string; value: string };
    const asToken = await run(['get', '/cluster/sdn/vnets'], { ...env, WEFT_TOKEN: `${token['full-tokenid']}=${token.value}` });
    assert.equal(asToken.code, 0);
    assert.equal(asToken.out, '');
    assert.match(asToken.err, /the token root@pam!ro has no privileges: with privilege separation/);

    const logout = await run(['logout'], onlySession);
    assert.equal(logout.code, 0);
    assert.equal(existsSync(session), false);
    assert.match((await run(['get', '/cluster/sdn/zones'], onlySession)).err, /not logged in/);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
