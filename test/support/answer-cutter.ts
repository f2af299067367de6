/**
 * A TCP relay in front of an etcd member that can lose one answer: once
 * armed with a needle, the connection whose request carries it is cut after
 * the request went through (the member commits it) and before any answer
 * comes back, as when the member dies right after committing. It can also
 * fall silent after a request (the member took it, then hung or was cut
 * off): nothing comes back on any connection until it speaks again.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface AnswerCutter {
  readonly url: string;
  /** the next request carrying `needle` gets no answer */
  cutAnswerTo(needle: string): void;
  /** after the next request carrying `needle` (which goes through), no answer comes back until speak() */
  silenceAfter(needle: string): void;
  /** answers again (on new connections: the ones silenced lost bytes, so they are closed) */
  speak(): void;
  /** how many answers were cut */
  readonly cuts: number;
  close(): Promise<void>;
}

/** the time the member has to commit the request before the connection is cut */
const COMMIT_WAIT_MS = 500;

export async function startAnswerCutter(target: string): Promise<AnswerCutter> {
  const { hostname, port } = new URL(target);
  let needle: Buffer | null = null;
  let silenceNeedle: Buffer | null = null;
  let silent = false;
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    let cutting = false;
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (needle && chunk.includes(needle)) {
        needle = null;
        cutting = true;
        cuts++;
        setTimeout(() => [client, upstream].forEach((s) => s.destroy()), COMMIT_WAIT_MS);
      }
      if (silenceNeedle && chunk.includes(silenceNeedle)) {
        silenceNeedle = null;
        silent = true;
      }
    });
    upstream.on('data', (chunk: Buffer) => void (cutting || silent || client.write(chunk)));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${addr.port}`,
    cutAnswerTo(text) {
      needle = Buffer.from(text);
    },
    silenceAfter(text) {
      silenceNeedle = Buffer.from(text);
    },
    speak() {
      for (const s of sockets) s.destroy();
      silent = false;
    },
    get cuts() {
      return cuts;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
