/** Where the built-in IPAM database lives in a Weft data directory. */
import { join } from 'node:path';

/** Beside the store documents, not one of them: it changes on every allocation. */
export function ipamDbPath(dataDir: string): string {
  return join(dataDir, 'ipam', 'pve-ipam-state.json');
}
