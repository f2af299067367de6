/** Reading a render's node files in tests. */
import type { NodeFiles } from '../../src/render/node-files.js';

/** The WireGuard config of interface `iface` in a render, or undefined. */
export function wireguardConf(files: NodeFiles, iface: string): string | undefined {
  return files.files.find((f) => f.service.kind === 'wireguard' && f.service.iface === iface)?.content ?? undefined;
}

/** The interfaces whose WireGuard configs a render has. */
export function wireguardIfaces(files: NodeFiles): string[] {
  return files.files.flatMap((f) => (f.service.kind === 'wireguard' ? [f.service.iface] : []));
}
