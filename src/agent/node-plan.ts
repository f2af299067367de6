/** Rendered node files → the files the agent manages on the node. */
import type { NodeFiles } from '../render/node-files.js';
import type { ManagedFile } from './apply.js';

export const SDN_INTERFACES_PATH = '/etc/network/interfaces.d/sdn';
export const FRR_CONF_PATH = '/etc/frr/frr.conf';
export const FRR_LOCAL_PATH = '/etc/frr/frr.conf.local';
export const INTERFACES_PATH = '/etc/network/interfaces';

export function managedFiles(files: NodeFiles): ManagedFile[] {
  const out: ManagedFile[] = [{ path: SDN_INTERFACES_PATH, content: files.sdn, service: 'network' }];
  // with no controller or fabric on the node, an existing frr.conf is the operator's: leave it
  if (files.frr !== null) out.push({ path: FRR_CONF_PATH, content: files.frr, mode: 0o640, service: 'frr' });
  out.push(...files.files);
  return out;
}
