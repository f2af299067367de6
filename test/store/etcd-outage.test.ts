/**
 * An etcd that stops answering (hung, or cut off after it took a request):
 * the store's calls fail within their deadline with an error that names the
 * endpoints and says what to check, a commit whose answer never came says
 * the change may have been made, the outage and the recovery are each told
 * once, and the store works again once etcd answers.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { EtcdStore } from '../../src/store/etcd.js';
import { startEtcd, type EtcdProcess } from '../api/harness.js';
import { startAnswerCutter, type AnswerCutter } from '../support/answer-cutter.js';
import { startStoreAgent } from '../support/store-agent.js';
import { needs } from '../support/system.js';

/** generous: the store's deadline is a few seconds, the machine may be loaded */
const WAIT_MS = 60_000;

async function until(what: string, cond: () => boolean | Promise<boolean>): Promise<void> {
  for (const end = Date.now() + WAIT_MS; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await cond()) return;
  assert.fail(`not within ${WAIT_MS / 1000} s: ${what}`);
}

const count = (lines: readonly string[], re: RegExp) => lines.filter((l) => re.test(l)).length;

describe('etcd: a store whose etcd stops answering', { skip: needs({ commands: ['etcd'] }), timeout: 600_000 }, () => {
  let etcd: EtcdProcess;
  let cutter: AnswerCutter;
  const stores: EtcdStore[] = [];
  let n = 0;
  /** a store on `url` on a fresh prefix, its log lines kept */
  const open = (url: string, prefix = `/outage-${n++}/`): { store: EtcdStore; lines: string[] } => {
    const lines: string[] = [];
    const store = new EtcdStore({ url, prefix, log: (l) => lines.push(l) });
    stores.push(store);
    return { store, lines };
  };

  before(async () => {
    etcd = await startEtcd();
    cutter = await startAnswerCutter(etcd.url);
  });
  after(async () => {
    etcd?.resume();
    for (const s of stores) await s.close();
    await cutter?.close();
    await etcd?.stop();
  });

  test('a read of a hung etcd fails naming it and what to check; the outage and the recovery are told once each', async () => {
    const { store, lines } = open(etcd.url);
    await store.transact(() => ({ writes: [{ key: 'sdn/zones.cfg', value: 'simple: z1\n\n' }], result: null }));
    etcd.pause();
    try {
      const fails = /etcd at http:\/\/127\.0\.0\.1:\d+ does not answer \(.+\): check that etcd is running, that this server reaches it and, with several members, that a majority of them is up/;
      await assert.rejects(store.read(), fails);
      await assert.rejects(store.read(), fails);
      assert.equal(store.recent()?.docs.get('sdn/zones.cfg'), 'simple: z1\n\n', 'the last snapshot read, for credentials');
    } finally {
      etcd.resume();
    }
    await until('the store reads again', () => store.read().then(() => true, () => false));
    await until('the recovery is told', () => count(lines, /answers again \(it did not/) === 1);
    assert.equal(count(lines, /^etcd at http:\/\/127\.0\.0\.1:\d+ stopped answering/), 1, lines.join('\n'));
    assert.equal(count(lines, /^etcd at http:\/\/127\.0\.0\.1:\d+ answers again \(it did not for \d+ s\)$/), 1, lines.join('\n'));
    assert.equal(store.recent(), null, 'answering again: no stale snapshot is handed out');
  });

  test('a commit that etcd took but never answered fails saying the change may have been made, and it was', async () => {
    const prefix = `/outage-${n++}/`;
    const { store } = open(cutter.url, prefix);
    const { store: other } = open(etcd.url, prefix);
    await store.transact(() => ({ writes: [{ key: 'sdn/zones.cfg', value: 'simple: z1\n\n' }], result: null }));
    cutter.silenceAfter('vnet: unknownout');
    try {
      await assert.rejects(
        store.transact(() => ({ writes: [{ key: 'sdn/vnets.cfg', value: 'vnet: unknownout\n\tzone z1\n\n' }], result: null })),
        /etcd at http:\/\/127\.0\.0\.1:\d+ did not answer while this change was committed \(.+\): the change may have been made; read it back before trying again/,
      );
    } finally {
      cutter.speak();
    }
    assert.equal((await other.read()).docs.get('sdn/vnets.cfg'), 'vnet: unknownout\n\tzone z1\n\n');
    await until('the store reads the change it was not told of', async () => (await store.read().catch(() => null))?.docs.get('sdn/vnets.cfg') === 'vnet: unknownout\n\tzone z1\n\n');
  });

  test('an agent on the store (weft agent --etcd, a server’s local agent) tells the outage once and waits on, not stopped', async () => {
    const { store } = open(etcd.url);
    const agent = startStoreAgent(store, 'node1');
    try {
      await agent.waitForLine(/watching etcd store/);
      // the agent's wait is on; the store finds the silence at a call (a request's, in a server)
      await until('the agent waits on its watch', () => store.read().then(() => true));
      etcd.pause();
      try {
        void store.read().catch(() => undefined);
        await agent.waitForLine(/cannot get the running config from http:\/\/127\.0\.0\.1:\d+ \(prefix \S+\): etcd at \S+ does not answer/);
      } finally {
        etcd.resume();
      }
      await agent.waitForLine(/answers the running config again/);
      assert.equal(count(agent.lines, /cannot get the running config/), 1, agent.lines.join('\n'));
      assert.equal(count(agent.lines, /agent stopped/), 0, agent.lines.join('\n'));
    } finally {
      await agent.stop();
    }
  });

  test('a wait on the store ends with the error when etcd stops answering', async () => {
    const { store } = open(etcd.url);
    const { waitFor } = await import('../../src/store/wait.js');
    // ready: the watch is live
    await waitFor(store, 'sdn/', () => true);
    const waiting = waitFor(store, 'sdn/', (snap) => (snap.docs.has('sdn/never.cfg') ? true : undefined), { timeoutMs: 10 * WAIT_MS });
    etcd.pause();
    try {
      // the store finds the silence at its next call
      void store.read().catch(() => undefined);
      await assert.rejects(waiting, /does not answer/);
    } finally {
      etcd.resume();
    }
  });
});
