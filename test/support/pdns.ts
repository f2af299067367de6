/**
 * A throw-away PowerDNS (Debian's pdns-server with the sqlite3 backend) on
 * 127.0.0.1: its own database, config and ports in a temp dir, the HTTP API
 * enabled, no security poll. Started and stopped by the test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export const PDNS_SCHEMA = '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql';

export class Pdns {
  readonly dir = mkdtempSync(join(tmpdir(), 'weft-pdns-'));
  readonly key = 'weft-test-key';
  dnsPort = 0;
  apiPort = 0;
  private child: ChildProcess | null = null;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.apiPort}/api/v1/servers/localhost`;
  }

  async start(): Promise<void> {
    const db = join(this.dir, 'pdns.sqlite3');
    const schema = spawnSync('sqlite3', [db], { input: readFileSync(PDNS_SCHEMA), encoding: 'utf8' });
    if (schema.status !== 0) throw new Error(`sqlite3 schema: ${schema.stderr}`);
    this.dnsPort = await freePort();
    this.apiPort = await freePort();
    writeFileSync(
      join(this.dir, 'pdns.conf'),
      [
        'launch=gsqlite3',
        `gsqlite3-database=${db}`,
        'local-address=127.0.0.1',
        `local-port=${this.dnsPort}`,
        `socket-dir=${this.dir}`,
        'api=yes',
        `api-key=${this.key}`,
        'webserver=yes',
        'webserver-address=127.0.0.1',
        `webserver-port=${this.apiPort}`,
        'webserver-allow-from=127.0.0.0/8',
        // no outbound security-status query
        'security-poll-suffix=',
        'loglevel=4',
        '',
      ].join('\n'),
    );
    const log: string[] = [];
    this.child = spawn('pdns_server', [`--config-dir=${this.dir}`, '--daemon=no', '--guardian=no', '--disable-syslog', '--write-pid=no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
    for (let i = 0; i < 200; i++) {
      if (this.child.exitCode !== null) break;
      try {
        const r = await fetch(this.apiUrl, { headers: { 'X-API-Key': this.key } });
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.stop();
    throw new Error(`pdns_server did not come up:\n${log.join('')}`);
  }

  async createZone(name: string): Promise<void> {
    const r = await fetch(`${this.apiUrl}/zones`, {
      method: 'POST',
      headers: { 'X-API-Key': this.key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, kind: 'Native', nameservers: [] }),
    });
    if (r.status !== 201) throw new Error(`create zone ${name}: HTTP ${r.status} ${await r.text()}`);
  }

  /** `dig +short` against this server. */
  dig(args: readonly string[]): string {
    const r = spawnSync('dig', [`@127.0.0.1`, '-p', String(this.dnsPort), '+norec', '+short', '+time=2', '+tries=1', ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dig ${args.join(' ')}: ${r.stderr || r.stdout}`);
    return r.stdout.trim();
  }

  /** The RCODE of a query (`NOERROR`, `NXDOMAIN`, …). */
  status(args: readonly string[]): string {
    const r = spawnSync('dig', [`@127.0.0.1`, '-p', String(this.dnsPort), '+norec', '+time=2', '+tries=1', ...args], { encoding: 'utf8' });
    return /status: ([A-Z]+)/.exec(r.stdout)?.[1] ?? `no answer: ${r.stderr}`;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
