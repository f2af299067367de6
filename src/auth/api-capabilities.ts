/**
 * The `cap` of a login answer (PVE::RPCEnvironment::compute_api_permission):
 * which privileges a user holds anywhere under each top-level area, so a GUI
 * can decide what to show. Proxmox VE's GUI reads every key, so all seven are
 * always present, empty when the user has nothing there.
 */
import type { AccessConfig } from './access-config.js';
import { permissions } from './permissions.js';

export type ApiCapabilities = Record<string, Record<string, 1>>;

/** The privileges that count for each area (matched at the privilege's start). */
const AREA_PRIVS: Readonly<Record<string, RegExp>> = {
  vms: /^(VM\.|Permissions\.Modify)/,
  access: /^((User|Group)\.|Permissions\.Modify)/,
  storage: /^(Datastore\.|Permissions\.Modify)/,
  nodes: /^(Sys\.|Permissions\.Modify)/,
  sdn: /^(SDN\.|Permissions\.Modify)/,
  dc: /^(Sys\.Audit|Sys\.Modify|SDN\.)/,
  mapping: /^(Mapping\.|Permissions\.Modify)/,
};

/** Paths always looked at, besides every path of the ACL tree. */
const REQUIRED_PATHS = ['/', '/nodes', '/access/groups', '/vms', '/storage', '/sdn', '/mapping'];

/** `/a/b/c` → `/`, `/a`, `/a/b`, `/a/b/c`: the ACL tree holds every level of an entry's path. */
function treePaths(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '');
  return ['/', ...parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`)];
}

/** The area a path belongs to: its first segment, `dc` for `/`. */
function areaOf(path: string): string {
  return /^\/(\w+)/.exec(path)?.[1] ?? 'dc';
}

/** A pool grants VM and storage privileges to its members, so they count there. */
function poolAreas(priv: string): string[] {
  if (priv.startsWith('VM.')) return ['vms'];
  if (priv.startsWith('Datastore.')) return ['storage'];
  return priv === 'Permissions.Modify' ? ['storage', 'vms'] : [];
}

export function apiCapabilities(cfg: AccessConfig, authid: string): ApiCapabilities {
  const caps: ApiCapabilities = Object.fromEntries(Object.keys(AREA_PRIVS).map((area) => [area, {}]));
  const paths = new Set([...REQUIRED_PATHS, ...cfg.acl.flatMap((e) => treePaths(e.path))]);
  for (const path of paths) {
    const area = areaOf(path);
    for (const priv of permissions(cfg, authid, path)) {
      const areas = area === 'pool' ? poolAreas(priv) : AREA_PRIVS[area]?.test(priv) ? [area] : [];
      for (const a of areas) (caps[a] ??= {})[priv] = 1;
    }
  }
  return caps;
}
