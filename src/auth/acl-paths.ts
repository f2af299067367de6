/**
 * ACL paths as the reference spells them (PVE::AccessControl
 * normalize_path and check_path): one slash between parts, none at the end;
 * new entries only on the paths the reference knows.
 */

/** `//sdn/zones/` → `/sdn/zones`; null when the path has other characters than [alnum._-/]. */
export function normalizeAclPath(path: string): string | null {
  if (!path) return null;
  let p = path.replace(/\/+/g, '/').replace(/\/$/, '');
  if (p === '') p = '/';
  if (!p.startsWith('/')) p = `/${p}`;
  return /^[A-Za-z0-9._\-/]+$/.test(p) ? p : null;
}

const NAME = '[A-Za-z0-9._-]+';
const ALNUM = '[A-Za-z0-9]+';
const KNOWN = [
  '/',
  '/access',
  '/access/groups',
  `/access/groups/${NAME}`,
  '/access/realm',
  `/access/realm/${NAME}`,
  '/nodes',
  `/nodes/${NAME}`,
  '/pool',
  '/pool/[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+){0,2}',
  '/sdn',
  '/sdn/controllers',
  '/sdn/controllers/[A-Za-z0-9_-]+',
  '/sdn/dns',
  `/sdn/dns/${ALNUM}`,
  '/sdn/fabrics',
  `/sdn/fabrics/${ALNUM}`,
  '/sdn/ipams',
  `/sdn/ipams/${ALNUM}`,
  '/sdn/prefix-lists',
  `/sdn/prefix-lists/${ALNUM}`,
  '/sdn/route-maps',
  `/sdn/route-maps/${ALNUM}`,
  '/sdn/zones',
  `/sdn/zones/${NAME}`,
  `/sdn/zones/${NAME}/${NAME}`,
  `/sdn/zones/${NAME}/${NAME}/[1-9][0-9]{0,3}`,
  '/storage',
  `/storage/${NAME}`,
  '/vms',
  '/vms/[1-9][0-9]{2,}',
  '/mapping',
  `/mapping/${NAME}`,
  `/mapping/${NAME}/${NAME}`,
];
const KNOWN_RE = new RegExp(`^(?:${KNOWN.join('|')})$`);

/** A path an ACL entry may be added on (check_path). */
export const isKnownAclPath = (path: string): boolean => KNOWN_RE.test(path);
