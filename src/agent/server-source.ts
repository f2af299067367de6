/**
 * The agent talking to the API server (`--server URL`): the running config
 * comes from a long poll (`GET /nodes/<node>/sdn/agent/config?since=V`
 * answers as soon as the version differs), reports go back with PUTs.
 * When the server is unreachable the agent says so and tries again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { answerError, callApi, type ApiAnswer, type ClientOptions, type ParamValue } from '../cli/http-client.js';
import type { RunningDoc } from '../sdn/running-doc.js';
import type { AgentSource } from './source.js';

/** Each long poll waits this long on the server, under its limit. */
const POLL_SECONDS = 50;
const RETRY_MS = 5000;

async function call(client: ClientOptions, method: string, path: string, params: Readonly<Record<string, ParamValue>>, signal?: AbortSignal): Promise<ApiAnswer> {
  const a = await callApi(client, method, path, params, signal);
  if (a.status === 401 || a.status === 403) throw new Error(`${answerError(a)}: the agent's token needs SDN.Audit on /sdn and Sys.Modify on /nodes/<node>`);
  if (a.status < 200 || a.status > 299) throw new Error(answerError(a));
  return a;
}

function docOf(a: ApiAnswer): RunningDoc | null {
  const d = a.body?.data as { version?: unknown; config?: unknown } | null | undefined;
  return d && typeof d.version === 'number' && typeof d.config === 'string' ? { version: d.version, text: d.config } : null;
}

export function serverSource(client: ClientOptions, node: string, log: (line: string) => void): AgentSource {
  const base = `/nodes/${node}/sdn/agent`;
  return {
    description: `server ${client.server}`,
    current: async () => docOf(await call(client, 'GET', `${base}/config`, {})),
    async nextRunning(known, signal) {
      for (;;) {
        try {
          const doc = docOf(await call(client, 'GET', `${base}/config`, { since: String(known), timeout: String(POLL_SECONDS) }, signal));
          if (doc && doc.version !== known) return doc;
        } catch (e) {
          if (signal.aborted) throw e;
          log(`cannot get the running config from ${client.server}: ${(e as Error).message}; trying again in ${RETRY_MS / 1000} s`);
          await sleep(RETRY_MS, undefined, { signal });
        }
      }
    },
    async publishStatus(status) {
      await call(client, 'PUT', `${base}/status`, { status: JSON.stringify(status) });
    },
    async publishFacts(r) {
      await call(client, 'PUT', `${base}/facts`, { facts: JSON.stringify(r.facts), ...(r.interfaces !== null ? { interfaces: r.interfaces } : {}), ...(r.frrLocal !== null ? { 'frr-local': r.frrLocal } : {}) });
    },
    close: async () => {},
  };
}
