/** Where the node's FRR and ifupdown2 read their files, and the files the agent manages beside the rendered ones. */
import { dirname } from 'node:path';
import { FRR_DAEMONS, type NodeFile } from '../ir/node-file.js';

export const INTERFACES_PATH = '/etc/network/interfaces';

/** Where the node's FRR reads its files. */
export interface FrrPaths {
  /** FRR's pathspace (`frrinit.sh start NAME`, `vtysh -N NAME`), for several FRR instances on one host */
  readonly instance?: string;
  readonly conf: string;
  readonly local: string;
  /** which daemons FRR starts */
  readonly daemons: string;
}

/** `/etc/frr/…`, or `/etc/frr/<instance>/…` for a named FRR instance (FRR keeps each pathspace's files there). */
export function frrPaths(instance?: string): FrrPaths {
  const dir = instance ? `/etc/frr/${instance}` : '/etc/frr';
  return { ...(instance ? { instance } : {}), conf: `${dir}/frr.conf`, local: `${dir}/frr.conf.local`, daemons: `${dir}/daemons` };
}

/**
 * frr-reload.py's arguments for the node's FRR (`--test` or `--reload`). A
 * named instance also gets its own config dir: frr-reload.py saves the running
 * config over a file it reloaded that is not `<confdir>/frr.conf` (`vtysh
 * write`), which would replace the file the agent wrote with FRR's own
 * rendering of it (seen as drift at every check).
 */
export function frrReloadArgs(frr: FrrPaths, mode: '--test' | '--reload'): string[] {
  return [mode, '--stdout', ...(frr.instance ? ['-N', frr.instance, '--confdir', dirname(frr.conf)] : []), frr.conf];
}

/**
 * The rendered files with the node's FRR daemons file (`daemons`: with the
 * SDN-managed daemons set; null: FRR is not installed) written after the
 * interfaces, before frr.conf: a daemon switched on or off needs an FRR restart,
 * before frr.conf is reloaded (the reload order is the services', apply.ts).
 */
export function managedFiles(rendered: readonly NodeFile[], frr: FrrPaths, daemons: string | null): NodeFile[] {
  if (daemons === null) return [...rendered];
  const afterNetwork = rendered.findIndex((f) => f.service.kind !== 'network');
  const at = afterNetwork < 0 ? rendered.length : afterNetwork;
  return [...rendered.slice(0, at), { path: frr.daemons, content: daemons, mode: 0o640, service: FRR_DAEMONS }, ...rendered.slice(at)];
}
