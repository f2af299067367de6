/** Decodes section-config file texts the way `weft render --config-dir` does. */
import { rawConfigFromFiles, SDN_FILES } from '../../src/sections/sdn-files.js';
import { decodeConfig, type DecodeResult } from '../../src/sections/decode-config.js';

/**
 * Section text as tests write it (any indentation, no blank lines needed) →
 * file text: `type: id` lines start sections, other lines are properties.
 */
export function cfg(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    if (/^[a-z][a-z0-9_-]*: \S+$/i.test(line)) out.push(...(out.length > 0 ? [''] : []), line);
    else out.push(`\t${line}`);
  }
  return `${out.join('\n')}\n`;
}

/** A one-node (`pve`) OpenFabric fabric: enough for the node to get an frr.conf. */
export const ONE_NODE_OPENFABRIC = cfg(`
  openfabric_fabric: f1
    ip_prefix 198.51.100.0/24
  openfabric_node: f1_pve
    interfaces name=ens19
    ip 198.51.100.1
`);

export function decodeFiles(files: Readonly<Record<string, string>>): DecodeResult {
  const { raw, issues } = rawConfigFromFiles(files, 1);
  if (issues.length > 0) return { issues };
  return decodeConfig(raw, (kind) => `${SDN_FILES.find((s) => s.set === kind)?.file ?? kind}:`);
}

/** `code path` of every error. */
export function errorsOf(r: DecodeResult): string[] {
  return r.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.path}`);
}
