/**
 * `weft render` without the process: reads the files its flags name and
 * renders the node's files, returning every finding instead of printing it.
 * The CLI prints and writes the result; the conformance tests compare it.
 */
import { EMPTY_INTERFACES, parseInterfaces } from '../config/interfaces.js';
import { parseWireguardKeys } from '../config/wg-keys.js';
import { dhcpHostsOf, type HostsOf } from '../ipam/dhcp-hosts.js';
import { decodeIpamDb } from '../ipam/pve-db-format.js';
import { errorsOf, type Issue } from '../model/issues.js';
import { parseFacts } from '../ir/facts.js';
import { renderNode, type NodeFiles } from '../render/node-files.js';
import { CliError } from './errors.js';
import { loadConfigDir, loadConfigFile, readText } from './load-config.js';

/**
 * The config: a running config (JSON) was already applied, so rules only
 * edits enforce warn; section-config files are the config being edited, held
 * to every rule.
 */
type ConfigSource = { readonly config: string; readonly configDir?: undefined } | { readonly configDir: string; readonly config?: undefined };

/** The files `weft render` reads, by its flags. */
export type RenderSources = ConfigSource & {
  readonly facts: string;
  readonly interfaces?: string;
  readonly frrLocal?: string;
  readonly wgKeys?: string;
  readonly ipam?: string;
};

/** The node's files when nothing failed, with every finding (warnings, or the errors that stopped it). */
export interface RenderOutcome {
  readonly issues: readonly Issue[];
  readonly files?: NodeFiles;
}

export function renderFromFiles(src: RenderSources): RenderOutcome {
  const decoded = src.config !== undefined ? loadConfigFile(src.config, 'render') : loadConfigDir(src.configDir, 'edit');
  let factsData: unknown;
  try {
    factsData = JSON.parse(readText(src.facts, 'facts'));
  } catch (e) {
    throw new CliError(`facts '${src.facts}': ${(e as Error).message}`);
  }
  const facts = parseFacts(factsData, src.facts);
  const issues = [...decoded.issues, ...facts.issues];
  if (errorsOf(issues).length > 0 || !decoded.config || !facts.facts) return { issues };

  const wgKeys = src.wgKeys !== undefined ? parseWireguardKeys(readText(src.wgKeys, 'wg-keys.cfg'), src.wgKeys) : undefined;
  issues.push(...(wgKeys?.issues ?? []));
  // an undecodable database always comes with its error
  const ipam = src.ipam !== undefined ? decodeIpamDb(readText(src.ipam, 'ipam database'), src.ipam) : undefined;
  issues.push(...(ipam?.issues ?? []));
  const dhcpHosts: HostsOf | undefined = ipam?.db ? dhcpHostsOf(ipam.db) : undefined;
  if (errorsOf(issues).length > 0) return { issues };

  const nodeKeys = wgKeys?.keys.get(facts.facts.nodename);
  const files = renderNode({
    config: decoded.config,
    facts: facts.facts,
    interfaces: src.interfaces !== undefined ? parseInterfaces(readText(src.interfaces, 'interfaces file')) : EMPTY_INTERFACES,
    ...(src.frrLocal !== undefined ? { frrLocal: readText(src.frrLocal, 'frr.conf.local') } : {}),
    wireguardKeys: (iface) => nodeKeys?.get(iface),
    ...(dhcpHosts ? { dhcpHosts } : {}),
  });
  issues.push(...files.warnings);
  return errorsOf(files.warnings).length > 0 ? { issues } : { issues, files };
}
