/**
 * Fills a store for the API benchmark: the generated running config as the
 * applied version, and the same sections as the edited (pending) files, as a
 * rollback writes them.
 */
import { readFileSync } from 'node:fs';
import { STORE_KEYS } from '../src/sdn/kinds.js';
import { loadState } from '../src/sdn/state.js';
import { rollbackWrites } from '../src/sdn/workflow.js';
import { openStore } from '../src/store/open.js';

export async function seedStore(configFile: string, dataDir: string, etcd: string | null): Promise<void> {
  const text = readFileSync(configFile, 'utf8');
  const version = (JSON.parse(text) as { version: number }).version;
  const store = await openStore({ dataDir, ...(etcd ? { etcd } : {}) });
  try {
    await store.transact(() => ({ writes: [{ key: STORE_KEYS.running, value: text }, { key: STORE_KEYS.version, value: `${version}\n` }], result: null }));
    await store.transact((snap) => ({ writes: rollbackWrites(loadState(snap), undefined, false), result: null }));
  } finally {
    await store.close();
  }
}
