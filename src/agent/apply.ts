/**
 * Writes a node's rendered files and reloads what they feed, under a revert
 * stack: only changed files are written (atomically); if a reload fails, the
 * previous files are put back and reloaded, so the node keeps its last good
 * state.
 */
import { distinctServices, serviceName, type NodeFile, type Service } from '../ir/node-file.js';
import type { NodeHost } from './host.js';

/** Reloads one service; returns null on success, else the reason. */
export type Reloader = (service: Service) => Promise<string | null>;

export interface ApplyOutcome {
  /** paths written or removed */
  readonly changed: readonly string[];
  readonly reloaded: readonly Service[];
  /** set when a reload failed; the previous files were restored */
  readonly error?: string;
}

/** Services in the order they are reloaded: the network first, routing on top of it (an FRR restart before a reload); dnsmasq last. */
const RELOAD_ORDER: readonly Service['kind'][] = ['network', 'wireguard', 'frr-daemons', 'frr'];

function serviceRank(service: Service): number {
  const i = RELOAD_ORDER.indexOf(service.kind);
  return i < 0 ? RELOAD_ORDER.length : i;
}

/** The files whose content on the node differs, each with what the node has (read once: the sdn file can be megabytes). */
function withCurrent(host: NodeHost, files: readonly NodeFile[]): { file: NodeFile; current: string | null }[] {
  const out: { file: NodeFile; current: string | null }[] = [];
  for (const file of files) {
    const current = host.read(file.path);
    if (current !== file.content) out.push({ file, current });
  }
  return out;
}

export function changedFiles(host: NodeHost, files: readonly NodeFile[]): NodeFile[] {
  return withCurrent(host, files).map((c) => c.file);
}

/** `alsoReload`: services to reload even when none of their files changed (a repair of what drifted on the node). */
export async function applyFiles(host: NodeHost, files: readonly NodeFile[], reload: Reloader | null, log: (line: string) => void = () => {}, alsoReload: readonly Service[] = []): Promise<ApplyOutcome> {
  const found = withCurrent(host, files);
  const changes = found.map((c) => c.file);
  const previous = new Map(found.map((c) => [c.file.path, c.current]));
  const put = (path: string, content: string | null, mode?: number) => (content === null ? host.remove(path) : host.write(path, content, mode));

  const written: NodeFile[] = [];
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
  const services = distinctServices([...changes.map((f) => f.service), ...alsoReload]).sort((a, b) => serviceRank(a) - serviceRank(b));
  if (!reload || services.length === 0) return { changed: changes.map((f) => f.path), reloaded: [] };

  const reloaded: Service[] = [];
  for (const service of services) {
    const name = serviceName(service);
    log(`reloading ${name}…`);
    const problem = await reload(service);
    if (problem === null) {
      reloaded.push(service);
      continue;
    }
    log(`${name} reload failed: ${problem}; restoring the previous files`);
    for (const f of changes) put(f.path, previous.get(f.path) ?? null, f.mode);
    // bring every touched service back onto the restored files; their errors are secondary
    for (const s of [...reloaded, service]) {
      const again = await reload(s);
      if (again !== null) log(`${serviceName(s)} reload after restore also failed: ${again}`);
    }
    return { changed: [], reloaded: [], error: `${name} reload failed: ${problem}` };
  }
  return { changed: changes.map((f) => f.path), reloaded };
}
