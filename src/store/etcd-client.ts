/**
 * The one etcd client of an etcd store (its documents, the IPAM, the task
 * board and the node names use it), with bounded waits. A call etcd does not
 * answer within ETCD_ANSWER_MS fails: its gRPC deadline ends it and cancels
 * it on the member (a member that was hung may still apply a write it had
 * read before the cancel: etcd gives no guarantee there, so a write whose
 * answer did not come says its outcome is unknown). With several members, a
 * call that got no answer is tried once on each other member. What fails for
 * want of an answer is an EtcdUnavailable, which names the endpoints and
 * what to check; the first such failure is logged, and so is the first
 * answer after it (a probe asks every second while etcd is down).
 */
import { handleWhen, isBrokenCircuitError, retry, type IDefaultPolicyContext, type IPolicy } from 'cockatiel';
import { Etcd3, GRPCDeadlineExceededError, isRecoverableError } from 'etcd3';
import { SdnError } from '../util/errors.js';

/** how long any etcd call may go unanswered (per member asked) */
export const ETCD_ANSWER_MS = 5000;
/** how often a store whose etcd stopped answering asks again */
const PROBE_MS = 1000;
/** how often a connection to etcd with calls or watches on it is pinged */
const KEEPALIVE_PING_MS = 10_000;
/** a whole store of 32000 VNets is read at once: more than gRPC's default 4 MiB answer */
const MAX_ANSWER_BYTES = 512 * 1024 * 1024;

const NOT_ASKED = 'it did not answer the last calls; asked again in a few seconds';
/** the client library's breaker (per member, etcd3's default) keeps calls back this long after three failed, then lets one through */
const BREAKER_TRIAL_MS = 5000;
const WHAT_TO_CHECK = 'check that etcd is running, that this server reaches it and, with several members, that a majority of them is up (etcdctl endpoint health)';

/** etcd did not answer a call: a server-side failure (HTTP 500 with this message, as the reference answers its own). */
export class EtcdUnavailable extends SdnError {
  constructor(
    readonly endpoints: string,
    readonly reason: string,
    /** the call was a commit: it may have landed */
    readonly outcomeUnknown = false,
  ) {
    super(
      outcomeUnknown
        ? `etcd at ${endpoints} did not answer while this change was committed (${reason}): the change may have been made; read it back before trying again (${WHAT_TO_CHECK})`
        : `etcd at ${endpoints} does not answer (${reason}): ${WHAT_TO_CHECK}`,
    );
  }

  /** The same failure of a commit: its outcome is not known, unless it was never sent. */
  unknownOutcome(): EtcdUnavailable {
    return this.unsent ? this : new EtcdUnavailable(this.endpoints, this.reason, true);
  }

  /** not sent at all: etcd did not answer the calls just before, so none is made for a few seconds */
  get unsent(): boolean {
    return this.reason === NOT_ASKED;
  }
}

/** Why a call got no answer, in words; null when the failure is not etcd's silence (a refusal, a bad request). */
function silence(e: unknown): string | null {
  if (e instanceof GRPCDeadlineExceededError) return `no answer within ${ETCD_ANSWER_MS / 1000} s`;
  if (isBrokenCircuitError(e)) return NOT_ASKED;
  // unavailable, cancelled (a connection dropped after another call got no answer), …: what the client library retries
  if (e instanceof Error && isRecoverableError(e)) return (e.message.split('\n')[0] ?? '').replace(/^\d+ [A-Z_]+: /, '');
  return null;
}

/** Whether etcd answers, as the calls found: a change is logged once. */
export class EtcdHealth {
  private downSince: number | null = null;
  private lastAnswer = 0;
  private probing: NodeJS.Timeout | null = null;
  private readonly silenceListeners = new Set<() => void>();

  constructor(
    private readonly endpoints: string,
    private readonly log: (line: string) => void,
    /** a call that needs a working etcd (a quorum read) */
    private readonly probe: () => Promise<unknown>,
  ) {}

  get down(): boolean {
    return this.downSince !== null;
  }

  answered(): void {
    this.lastAnswer = Date.now();
    if (this.downSince === null) return;
    const seconds = Math.round((Date.now() - this.downSince) / 1000);
    this.downSince = null;
    if (this.probing) clearInterval(this.probing);
    this.probing = null;
    this.log(`etcd at ${this.endpoints} answers again (it did not for ${seconds} s)`);
  }

  silent(reason: string): void {
    if (this.downSince !== null) return;
    // right after an answer, the client library's breaker still keeps calls back while its one trial call runs
    if (reason === NOT_ASKED && Date.now() - this.lastAnswer < BREAKER_TRIAL_MS) return;
    this.downSince = Date.now();
    this.log(`etcd at ${this.endpoints} stopped answering (${reason}); requests that need it fail until it answers again`);
    this.probing = setInterval(() => void this.probe().catch(() => undefined), PROBE_MS);
    this.probing.unref();
    for (const fn of this.silenceListeners) fn();
  }

  /** Calls `fn` each time etcd stops answering (watches then see nothing: their waiters read, and fail); returns the unsubscribe. */
  onSilence(fn: () => void): () => void {
    this.silenceListeners.add(fn);
    return () => this.silenceListeners.delete(fn);
  }

  close(): void {
    if (this.probing) clearInterval(this.probing);
    this.probing = null;
  }
}

/**
 * Each call's fault handling: a call with no answer is tried on another
 * member (once on each), never again on the only one; then its failure is
 * an EtcdUnavailable and the health hears of it.
 */
function callPolicy(hosts: readonly string[], endpoints: string, health: EtcdHealth): IPolicy<IDefaultPolicyContext> {
  const retried = (e: Error) => isRecoverableError(e) && !(hosts.length === 1 && e instanceof GRPCDeadlineExceededError);
  const inner = retry(handleWhen(retried), { maxAttempts: Math.max(1, hosts.length - 1) });
  return {
    _altReturn: inner._altReturn,
    onSuccess: inner.onSuccess,
    onFailure: inner.onFailure,
    async execute(fn, signal) {
      try {
        const answer = await inner.execute(fn, signal);
        health.answered();
        return answer;
      } catch (e) {
        const reason = silence(e);
        if (reason === null) throw e;
        health.silent(reason);
        throw new EtcdUnavailable(endpoints, reason);
      }
    },
  };
}

export interface BoundedClient {
  readonly client: Etcd3;
  readonly health: EtcdHealth;
}

/** A client of `endpoints` (comma-separated URLs) whose calls are bounded; `probeKey`: a key the health probe reads. */
export function boundedClient(endpoints: string, probeKey: string, log: (line: string) => void): BoundedClient {
  const hosts = endpoints.split(',');
  let client: Etcd3 | null = null;
  const health = new EtcdHealth(endpoints, log, () => (client ? client.get(probeKey).exec() : Promise.resolve()));
  client = new Etcd3({
    hosts,
    dialTimeout: ETCD_ANSWER_MS,
    grpcOptions: {
      'grpc.max_receive_message_length': MAX_ANSWER_BYTES,
      // a member that hangs keeps its connection open: unanswered pings close it, so the watches on it move to another
      // member (etcd refuses pings more often than every 5 s, --grpc-keepalive-min-time)
      'grpc.keepalive_time_ms': KEEPALIVE_PING_MS,
      'grpc.keepalive_timeout_ms': ETCD_ANSWER_MS,
    },
    // streams (watches, lease keepalives) have no deadline: they live as long as their watcher
    defaultCallOptions: (call) => (call.isStream ? {} : { deadline: Date.now() + ETCD_ANSWER_MS }),
    faultHandling: { global: callPolicy(hosts, endpoints, health) },
  });
  return { client, health };
}
