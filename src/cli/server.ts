/**
 * `weft server`: the API server on the embedded store (`--data-dir`) or on
 * etcd (`--etcd URL`). Prints where the one-time root password was written
 * on first start, the URL and the certificate fingerprint.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../api/start.js';
import { APPLY_OPTIONS } from './apply-options.js';
import { CliError } from './errors.js';

/** how long a stop may take before the process exits without finishing it */
const STOP_GRACE_MS = 15_000;

export const SERVER_USAGE = `usage: weft server [--data-dir DIR] [--listen HOST:PORT] [--cert FILE --key FILE]
                   [--etcd URL[,URL…]] [--node NAME] [--lease-ttl SECONDS] [--agent-timeout SECONDS]
                   [--keep-revisions N]
                   [--local-agent [--root DIR] [--no-reload] [--facts FILE] [--frr-instance NAME]
                                  [--drift-interval SECONDS]]
Serves the API (HTTPS, paths under /api2/json) on 0.0.0.0:8006 by default.
--data-dir holds the embedded store (the /etc/pve layout: sdn/*.cfg, …),
the TLS certificate and the task logs (default ./data). With --etcd the
config and the built-in IPAM live in etcd and the data dir keeps only
node-local files; several servers on one etcd form one control plane, each
under its own --node name (default the short host name), which it holds
while it lives: a second server under a live server's name is refused, and
a killed server's name is free --lease-ttl seconds (default 10) later.
An apply's task follows the node agents (weft agent) until each applied,
or for --agent-timeout seconds (default 120). Every apply records a revision
(GET /cluster/sdn/revisions); the newest --keep-revisions (default 50) are kept.
--local-agent runs this node's agent (--node, default the host name) in the
same process, as 'weft agent' would: it writes the node's files under --root
(default /) and reloads the network and FRR unless --no-reload.`;

export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  const port = Number(m?.[3]);
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--listen '${text}': expected HOST:PORT, e.g. 0.0.0.0:8006 or [::]:8006`);
  return { host: m[1] || m[2] || '0.0.0.0', port };
}

export async function serverCommand(argv: readonly string[]): Promise<number> {
  const { values, tokens } = parseArgs({
    args: [...argv],
    tokens: true,
    options: {
      'data-dir': { type: 'string', default: './data' },
      listen: { type: 'string', default: '0.0.0.0:8006' },
      cert: { type: 'string' },
      key: { type: 'string' },
      etcd: { type: 'string' },
      node: { type: 'string' },
      'agent-timeout': { type: 'string' },
      'keep-revisions': { type: 'string' },
      'lease-ttl': { type: 'string' },
      'local-agent': { type: 'boolean', default: false },
      ...APPLY_OPTIONS,
    },
    strict: true,
  });
  const agentFlags = tokens.filter((t) => t.kind === 'option' && t.name in APPLY_OPTIONS).map((t) => (t.kind === 'option' ? `--${t.name}` : ''));
  if (agentFlags.length && !values['local-agent']) throw new CliError(`${agentFlags.join(', ')}: only with --local-agent (they say how this node's agent applies)`);
  const { host, port } = parseListen(values.listen);
  const dataDir = resolve(values['data-dir']);
  const agentTimeout = values['agent-timeout'] === undefined ? undefined : Number(values['agent-timeout']);
  if (agentTimeout !== undefined && !(Number.isInteger(agentTimeout) && agentTimeout > 0)) throw new CliError(`--agent-timeout '${values['agent-timeout']}': expected a number of seconds, e.g. 120`);
  const keep = values['keep-revisions'] === undefined ? undefined : Number(values['keep-revisions']);
  if (keep !== undefined && !(Number.isInteger(keep) && keep > 0)) throw new CliError(`--keep-revisions '${values['keep-revisions']}': expected a whole number of revisions, at least 1, e.g. 50`);
  const leaseTtl = values['lease-ttl'] === undefined ? undefined : Number(values['lease-ttl']);
  if (leaseTtl !== undefined && !(Number.isInteger(leaseTtl) && leaseTtl >= 2)) throw new CliError(`--lease-ttl '${values['lease-ttl']}': expected a whole number of seconds, at least 2, e.g. 10`);
  process.stderr.write(`weft server: starting (store: ${values.etcd ? `etcd ${values.etcd}` : dataDir})…\n`);
  const server = await startServer({
    dataDir,
    host,
    port,
    ...(values.etcd ? { etcd: values.etcd } : {}),
    ...(values.cert ? { cert: values.cert } : {}),
    ...(values.key ? { key: values.key } : {}),
    ...(values.node ? { nodename: values.node } : {}),
    ...(agentTimeout !== undefined ? { agentTimeoutMs: agentTimeout * 1000 } : {}),
    ...(keep !== undefined ? { keepRevisions: keep } : {}),
    ...(leaseTtl !== undefined ? { leaseTtlSeconds: leaseTtl } : {}),
    log: (line) => process.stderr.write(`weft server: ${line}\n`),
  });
  // the stop handlers go in before the lines a supervisor waits for: a SIGTERM right after them must still
  // close the server (and free its node name), not kill it
  let agent: { stop(): Promise<void> } | null = null;
  const stopped = new Promise<void>((done) => {
    let stopping = false;
    const stop = () => {
      // a second signal while stopping: the operator does not want to wait
      if (stopping) process.exit(1);
      stopping = true;
      process.stderr.write('weft server: stopping… (a second Ctrl-C stops at once)\n');
      // a store that stopped answering (an etcd member gone mid-request) must not keep the process
      // alive: its node lease then lapses by itself after --lease-ttl
      setTimeout(() => {
        process.stderr.write(`weft server: not stopped after ${STOP_GRACE_MS / 1000} s (the store does not answer?); exiting now, the node name is free once its lease lapses\n`);
        process.exit(1);
      }, STOP_GRACE_MS).unref();
      void (agent?.stop() ?? Promise.resolve())
        .then(() => server.close())
        .then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  for (const line of server.recovered) process.stderr.write(`weft server: ${line}\n`);
  if (server.rootPasswordFile) {
    process.stdout.write(`weft server: created administrator root@pam; its one-time password is in ${server.rootPasswordFile} (mode 0600). Log in and change it: weft set /access/password --userid root@pam --password …\n`);
  }
  if (server.tls?.generated) process.stdout.write(`weft server: generated a self-signed certificate in ${dataDir}/local/weft-ssl.pem\n`);
  // the fingerprint before 'listening on': whoever waits for that line has it
  if (server.tls) process.stdout.write(`weft server: certificate fingerprint ${server.tls.fingerprint} (clients: --fingerprint ${server.tls.fingerprint})\n`);
  process.stdout.write(`weft server: listening on ${server.url}/api2/json (store: ${server.store.kind} ${server.store.location})\n`);
  process.stdout.write(`weft server: web UI at ${server.url}/\n`);
  agent = values['local-agent']
    ? await (await import('./local-agent.js')).startLocalAgent(server, values).catch(async (e: unknown) => {
        await server.close();
        throw e;
      })
    : null;
  await stopped;
  return 0;
}
