/**
 * Writes a node's rendered files and reloads what they feed, under a revert
 * stack: only changed files are written (atomically); if a reload fails, the
 * previous files are put back and reloaded, so the node keeps its last good
 * state.
 */
import type { NodeHost } from './host.js';

/** A file the agent manages; `content: null` means "must not exist". */
export interface ManagedFile {
  readonly path: string;
  readonly content: string | null;
  readonly mode?: number;
  /** which service reads it, e.g. `network`, `frr`, `dnsmasq@zone1` */
  readonly service: string;
}

/** Reloads one service; returns null on success, else the reason. */
export type Reloader = (service: string) => Promise<string | null>;

export interface ApplyOutcome {
  /** paths written or removed */
  readonly changed: readonly string[];
  readonly reloaded: readonly string[];
  /** set when a reload failed; the previous files were restored */
  readonly error?: string;
}

/** Services in the order they are reloaded: the network first, routing on top of it (an FRR restart before a reload). */
function serviceRank(service: string): number {
  const order = ['network', 'wireguard', 'frr-daemons', 'frr'];
  const base = service.split('@')[0] ?? service;
  const i = order.indexOf(base);
  return i < 0 ? order.length : i;
}

/** The files whose content on the node differs, each with what the node has (read once: the sdn file can be megabytes). */
function withCurrent(host: NodeHost, files: readonly ManagedFile[]): { file: ManagedFile; current: string | null }[] {
  const out: { file: ManagedFile; current: string | null }[] = [];
  for (const file of files) {
    const current = host.read(file.path);
    if (current !== file.content) out.push({ file, current });
  }
  return out;
}

export function changedFiles(host: NodeHost, files: readonly ManagedFile[]): ManagedFile[] {
  return withCurrent(host, files).map((c) => c.file);
}

/** `alsoReload`: services to reload even when none of their files changed (a repair of what drifted on the node). */
export async function applyFiles(host: NodeHost, files: readonly ManagedFile[], reload: Reloader | null, log: (line: string) => void = () => {}, alsoReload: readonly string[] = []): Promise<ApplyOutcome> {
  const found = withCurrent(host, files);
  const changes = found.map((c) => c.file);
  const previous = new Map(found.map((c) => [c.file.path, c.current]));
  const put = (path: string, content: string | null, mode?: number) => (content === null ? host.remove(path) : host.write(path, content, mode));

  const written: ManagedFile[] = [];
  try {
    for (const f of changes) {
      put(f.path, f.content, f.mode);
      written.push(f);
      log(`${f.content === null ? 'removed' : 'wrote'} ${f.path}`);
    }
  } catch (e) {
    // a file that cannot be written (permissions, a full disk): the ones before it go back
    for (const f of written) put(f.path, previous.get(f.path) ?? null, f.mode);
    throw e;
  }
  const services = [...new Set([...changes.map((f) => f.service), ...alsoReload])].sort((a, b) => serviceRank(a) - serviceRank(b));
  if (!reload || services.length === 0) return { changed: changes.map((f) => f.path), reloaded: [] };

  const reloaded: string[] = [];
  for (const service of services) {
    log(`reloading ${service}…`);
    const problem = await reload(service);
    if (problem === null) {
      reloaded.push(service);
      continue;
    }
    log(`${service} reload failed: ${problem}; restoring the previous files`);
    for (const f of changes) put(f.path, previous.get(f.path) ?? null, f.mode);
    // bring every touched service back onto the restored files; their errors are secondary
    for (const s of [...reloaded, service]) {
      const again = await reload(s);
      if (again !== null) log(`${s} reload after restore also failed: ${again}`);
    }
    return { changed: [], reloaded: [], error: `${service} reload failed: ${problem}` };
  }
  return { changed: changes.map((f) => f.path), reloaded };
}
