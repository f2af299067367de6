/** The same API suite on etcd (a real etcd process on 127.0.0.1). */
import { after, before } from 'node:test';
import { EtcdStore } from '../../src/store/etcd.js';
import { needs } from '../support/system.js';
import { startEtcd, type EtcdProcess } from './harness.js';
import { defineApiSuite } from './suite.js';

const skip = needs({ commands: ['etcd'] });
let etcd: EtcdProcess | null = null;
let n = 0;

before(async () => {
  if (!skip) etcd = await startEtcd();
});
after(async () => {
  await etcd?.stop();
});

defineApiSuite(
  'etcd store',
  async () => {
    const store = new EtcdStore({ url: etcd?.url ?? '', prefix: `/weft-test-${process.pid}-${n++}/` });
    await store.check();
    return store;
  },
  skip,
);
