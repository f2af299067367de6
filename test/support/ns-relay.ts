/**
 * A TCP port inside a lab namespace that leads to a server listening on this
 * machine's loopback, for agents running in the namespaces: the namespace
 * side (this file run as a script under `ip netns exec`) accepts on
 * HOST:PORT and connects each client to a Unix socket; the test's side
 * (`relayIntoNamespace`) accepts on that socket and connects to the server.
 * A Unix socket is a file, so it crosses network namespaces; no address
 * outside the lab is added or reached.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function pipe(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
}

export interface Relay {
  close(): Promise<void>;
}

/** Connections to `host:port` inside namespace `ns` reach 127.0.0.1:`target` here. */
export async function relayIntoNamespace(ns: string, host: string, port: number, target: number): Promise<Relay> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-relay-'));
  const path = join(dir, 'sock');
  const sockets = new Set<Socket>();
  const outside: Server = createServer((client) => {
    const server = connect(target, '127.0.0.1');
    for (const s of [client, server]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    }
    pipe(client, server);
  });
  await new Promise<void>((resolve) => outside.listen(path, resolve));
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, fileURLToPath(import.meta.url), host, String(port), path], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the relay in ${ns} exited (${code})`)));
  });
  return {
    async close() {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
      for (const s of sockets) s.destroy();
      await new Promise((r) => outside.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// run as a script inside the namespace: HOST PORT SOCKET
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host, port, path] = process.argv.slice(2);
  const inside = createServer((client) => pipe(client, connect(path ?? '')));
  inside.listen(Number(port), host, () => process.stdout.write('listening\n'));
  process.once('SIGTERM', () => process.exit(0));
}
