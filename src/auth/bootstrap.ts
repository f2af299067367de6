/**
 * First start on an empty store: create `root@pam` (Administrator on
 * everything) with a random one-time password, written to
 * `<data-dir>/priv/root-password` (mode 0600) for the operator, and the key
 * that signs tickets. Runs in one store transaction, so two servers starting
 * on one etcd create one root.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ConfigStore } from '../store/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ACCESS_KEYS, accessWrite, EMPTY_ACCESS, loadAccess, shadowWrite } from './access-config.js';
import { oneTimePasswordWrite } from './one-time-password.js';
import { hashPassword, newAuthKey } from './secrets.js';

export interface BootstrapResult {
  /** where the one-time root password was written, when it was created now */
  readonly passwordFile: string | null;
}

export async function bootstrapAccess(store: ConfigStore, dataDir: string): Promise<BootstrapResult> {
  const password = randomBytes(18).toString('base64url');
  const created = await store.transact((snap) => {
    const { initialized, secrets } = loadAccess(snap);
    const writes = [];
    if (!secrets.authkey) writes.push({ key: ACCESS_KEYS.authkey, value: `${newAuthKey()}\n` });
    if (!initialized) {
      writes.push(accessWrite({ ...EMPTY_ACCESS, users: { 'root@pam': { enable: true, expire: 0, comment: 'Weft administrator' } } }));
      writes.push(shadowWrite({ 'root@pam': hashPassword(password) }));
      writes.push(oneTimePasswordWrite('root@pam'));
    }
    return { writes, result: !initialized };
  });
  if (!created) return { passwordFile: null };
  const file = join(dataDir, 'priv', 'root-password');
  writeFileAtomic(file, `${password}\n`, 0o600);
  return { passwordFile: file };
}
