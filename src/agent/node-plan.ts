/** Rendered node files → the files the agent manages on the node. */
import { dirname } from 'node:path';
import type { NodeFiles } from '../render/node-files.js';
import type { ManagedFile } from './apply.js';

export const SDN_INTERFACES_PATH = '/etc/network/interfaces.d/sdn';
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

/** `daemons`: the node's FRR daemons file with the SDN-managed daemons set (null: FRR is not installed) */
export function managedFiles(files: NodeFiles, frr: FrrPaths, daemons: string | null): ManagedFile[] {
  const out: ManagedFile[] = [{ path: SDN_INTERFACES_PATH, content: files.sdn, service: 'network' }];
  // a daemon switched on or off needs an FRR restart, before frr.conf is reloaded
  if (daemons !== null) out.push({ path: frr.daemons, content: daemons, mode: 0o640, service: 'frr-daemons' });
  // with no controller or fabric on the node, an existing frr.conf is the operator's: leave it
  if (files.frr !== null) out.push({ path: frr.conf, content: files.frr, mode: 0o640, service: 'frr' });
  out.push(...files.files);
  return out;
}
