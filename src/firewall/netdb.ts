/**
 * The protocol and service names firewall rules may use: those of the
 * node's `/etc/protocols` and `/etc/services` (netbase on Debian), as the
 * reference firewall reads them. Read once per process; a missing file
 * leaves only numbers (and `icmpv6`, which the reference always accepts).
 */
import { readFileSync } from 'node:fs';

export interface Netdb {
  /** protocol names and numbers (`tcp`, `6`) */
  readonly protocols: ReadonlySet<string>;
  /** service names of TCP, UDP and SCTP ports (`ssh`) */
  readonly services: ReadonlySet<string>;
}

function entries(text: string, line: RegExp): [string, string][] {
  const out: [string, string][] = [];
  for (const l of text.split('\n')) {
    const m = l.startsWith('#') ? null : line.exec(l);
    if (m) out.push([m[1] ?? '', m[2] ?? '']);
  }
  return out;
}

export function parseProtocols(text: string): Set<string> {
  // the reference adds icmpv6 as a name and an id of its own (the file names it ipv6-icmp)
  return new Set(['icmpv6', ...entries(text, /^(\S+)\s+(\d+)(?:\s.*)?$/).flat()]);
}

export function parseServices(text: string): Set<string> {
  return new Set(entries(text, /^(\S+)\s+(\S+)\/(?:tcp|udp|sctp)/).map(([name]) => name));
}

const readText = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

let system: Netdb | undefined;

export function systemNetdb(): Netdb {
  system ??= { protocols: parseProtocols(readText('/etc/protocols')), services: parseServices(readText('/etc/services')) };
  return system;
}
