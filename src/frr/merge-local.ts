/**
 * Merges a parsed frr.conf.local into the FRR IR draft, by the reference's
 * rules: a block that names a generated block (the same `router bgp` ASN and
 * VRF, a VRF, an IS-IS router or interface) adds its lines to it, address
 * family by address family; any other block is kept whole at the top level;
 * route-map entries come after everything else, by map name, numbered on
 * from the generated entries of their map.
 */
import { issue, type Issue } from '../model/issues.js';
import type { FrrDraft } from './draft.js';
import { DEFAULT_VRF, type AddressFamilies } from './ir.js';
import type { AddressFamilyBlock, BlockHeader, BodyLine, LocalBlock, LocalConfig } from './local-config.js';
import { byName, routeMapSeq } from './serialize.js';

/** `address-family ipv4 unicast` → the IR's key for it */
const FAMILY_KEYS: Readonly<Record<string, keyof AddressFamilies>> = {
  'ipv4 unicast': 'ipv4Unicast',
  'ipv6 unicast': 'ipv6Unicast',
  'l2vpn evpn': 'l2vpnEvpn',
};

function headerText(h: BlockHeader): string {
  switch (h.kind) {
    case 'bgp':
      return h.vrf !== undefined ? `router bgp ${h.asn} vrf ${h.vrf}` : `router bgp ${h.asn}`;
    case 'isis':
      return `router isis ${h.name}`;
    case 'router':
      return `router ${h.rest}`;
    case 'vrf':
      return `vrf ${h.name}`;
    case 'interface':
      return `interface ${h.name}`;
    case 'route-map':
      return `route-map ${h.name} ${h.action}`;
  }
}

/** Body lines into `target`; top-level list lines found inside a block go to the top level. */
function addLines(frr: FrrDraft, target: string[], body: readonly BodyLine[]): void {
  for (const item of body) (item.kind === 'global' ? frr.custom : target).push(item.line.text);
}

/** A local address family the generated router lacks is kept as written inside the router. */
function addFamilyAsLines(frr: FrrDraft, target: string[], af: AddressFamilyBlock): void {
  target.push(` address-family ${af.family}`);
  addLines(frr, target, af.body);
  if (af.exit) target.push(af.exit.text);
}

/** The custom-line list of the generated block `header` names, if there is one. */
function generatedTarget(frr: FrrDraft, header: BlockHeader): string[] | undefined {
  switch (header.kind) {
    case 'bgp': {
      const router = frr.bgpRouters.get(header.vrf ?? DEFAULT_VRF);
      return router && String(router.asn) === header.asn ? router.custom : undefined;
    }
    case 'isis':
      return frr.isisRouters.get(header.name)?.custom;
    case 'vrf':
      return frr.vrfs.get(header.name)?.custom;
    case 'interface':
      return frr.isisInterfaces.get(header.name)?.custom;
    case 'router':
    case 'route-map':
      return undefined;
  }
}

function mergeBlock(frr: FrrDraft, block: LocalBlock): void {
  const target = generatedTarget(frr, block.header);
  if (target) {
    const router = block.header.kind === 'bgp' ? frr.bgpRouters.get(block.header.vrf ?? DEFAULT_VRF) : undefined;
    for (const item of block.body) {
      if (item.kind !== 'address-family') addLines(frr, target, [item]);
      else {
        const key = FAMILY_KEYS[item.family];
        const af = key !== undefined ? router?.addressFamilies[key] : undefined;
        if (af) addLines(frr, af.custom, item.body);
        else addFamilyAsLines(frr, target, item);
      }
    }
    return; // the generated block writes its own exit
  }
  frr.custom.push(headerText(block.header));
  for (const item of block.body) {
    if (item.kind === 'address-family') addFamilyAsLines(frr, frr.custom, item);
    else frr.custom.push(item.line.text);
  }
  if (block.exit) frr.custom.push(block.exit.text, '!');
}

export function mergeLocalConfig(frr: FrrDraft, local: LocalConfig): Issue[] {
  const warnings: Issue[] = [];
  const routeMaps = new Map<string, LocalBlock[]>();
  for (const item of local.items) {
    if (item.kind === 'global') frr.custom.push(item.line.text);
    else if (item.kind === 'stray') {
      warnings.push(
        issue('frr-local-line-ignored', `frr.conf.local:${item.line.number}`, `'${item.line.text.trim()}' is outside any router, vrf, interface or route-map block; not merged (the reference drops such lines too)`, 'warning'),
      );
    } else if (item.header.kind === 'route-map') {
      const entries = routeMaps.get(item.header.name) ?? [];
      entries.push(item);
      routeMaps.set(item.header.name, entries);
      // list lines inside the entry belong to the top level, in file order
      for (const line of item.body) if (line.kind === 'global') frr.custom.push(line.line.text);
    } else mergeBlock(frr, item);
  }
  for (const [name, blocks] of byName(routeMaps)) {
    const generated = frr.routeMaps.get(name)?.length ?? 0;
    blocks.forEach((block, i) => {
      frr.custom.push(`${headerText(block.header)} ${routeMapSeq(generated + i)}`);
      for (const item of block.body) if (item.kind === 'line') frr.custom.push(item.line.text);
      if (block.exit) frr.custom.push(block.exit.text, '!');
    });
  }
  return warnings;
}
