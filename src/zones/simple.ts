/**
 * Simple zone: an isolated bridge per VNet on each node; subnets with a
 * gateway make it a routed (optionally SNATed) layer-3 bridge.
 */
import { at } from '../model/check-rules.js';
import { issue } from '../model/issues.js';
import { opt, type IfaceOption } from '../ir/ifupdown/ir.js';
import { vnetBridgeOptions, vnetBridgeValues } from './bridge.js';
import type { ZoneOf } from './options.js';
import type { TypeTables } from '../model/section-kind.js';
import type { ZonePlugin } from './plugin.js';
import { snatRules } from './snat.js';

/** A simple zone has the common options only. */
export const simpleOptions = { properties: {}, rules: {} } as const satisfies TypeTables;
export type SimpleZone = ZoneOf<'simple', typeof simpleOptions>;

export const simplePlugin: ZonePlugin<SimpleZone, void> = {
  type: 'simple',
  checkVnet(ctx, zone, vnet) {
    return vnet.tag === undefined ? [] : [issue('tag-ignored', at(ctx, 'vnets', vnet.id, 'tag'), `vlan tag is not allowed on simple zone '${zone.id}' (ignored)`, 'warning')];
  },
  vnetSlots: () => [],
  prepare() {},
  generateVnet(ctx, zone, vnet) {
    if (ctx.ifaces.has(vnet.id)) return;
    const options: IfaceOption[] = [];
    const addresses = new Set<string>();
    const forward = { 4: false, 6: false };

    for (const subnet of ctx.subnetsOf(vnet.id)) {
      const { gateway, cidrText } = subnet;
      const prefix = subnet.cidr.prefix;
      // the address as written: the reference renders it so
      if (gateway && !addresses.has(gateway.written)) {
        options.push(opt('address', `${gateway.written}/${prefix}`));
        addresses.add(gateway.written);
      }
      const version = gateway ? gateway.version : subnet.cidr.version;
      if (gateway) forward[version] = true;
      // a /32 is routed to the bridge (hosting providers' single-IP setups)
      if (version === 4 && prefix === 32) options.push(opt('up', `ip route add ${cidrText} dev ${vnet.id}`));
      if (subnet.snat) for (const rule of snatRules(ctx, version, cidrText)) options.push(rule);
    }
    for (const o of vnetBridgeOptions('none', vnet, zone.mtu)) options.push(o);
    if (forward[4]) options.push(opt('ip-forward', 'on'));
    if (forward[6]) options.push(opt('ip6-forward', 'on'));
    ctx.ifaces.append(vnet.id, options, vnetBridgeValues(addresses, zone.mtu));
  },
};
