/**
 * Every route, by the module that holds it. The server routes on these
 * keys from the start and loads a module at the first call of one of its
 * routes: a route's parameters, permission and handler are only needed when
 * it is called, and loading every module (with the domain code under it) was
 * a fifth of the server's start. test/api/route-index.test.ts holds each
 * list to its module's routes: a route added to a module is added here too.
 */
import type { RouteDef } from '../route.js';

/** A module of routes: the `METHOD /path` of each, and how to load them. */
export interface RouteModule {
  readonly routes: readonly string[];
  load(): Promise<readonly RouteDef[]>;
}

export const routeKey = (r: Pick<RouteDef, 'method' | 'path'>): string => `${r.method} ${r.path}`;

export const ROUTE_MODULES: readonly RouteModule[] = [
  {
    load: async () => (await import('./cluster.js')).CLUSTER_ROUTES,
    routes: [
      'GET /',
      'GET /cluster',
      'GET /version',
      'GET /cluster/tasks',
      'GET /cluster/options',
    ],
  },
  {
    load: async () => (await import('./resources.js')).RESOURCE_ROUTES,
    routes: [
      'GET /cluster/resources',
    ],
  },
  {
    load: async () => (await import('./access.js')).ACCESS_ROUTES,
    routes: [
      'GET /access',
      'GET /access/domains',
      'GET /access/ticket',
      'DELETE /access/ticket',
      'POST /access/ticket',
      'PUT /access/password',
      'GET /access/permissions',
      'GET /access/users',
      'POST /access/users',
      'GET /access/users/{userid}',
      'PUT /access/users/{userid}',
      'DELETE /access/users/{userid}',
      'GET /access/users/{userid}/token',
      'GET /access/users/{userid}/token/{tokenid}',
      'POST /access/users/{userid}/token/{tokenid}',
      'PUT /access/users/{userid}/token/{tokenid}',
      'DELETE /access/users/{userid}/token/{tokenid}',
      'GET /access/acl',
      'PUT /access/acl',
      'GET /access/roles',
      'GET /access/roles/{roleid}',
      'POST /access/roles',
      'PUT /access/roles/{roleid}',
      'DELETE /access/roles/{roleid}',
      'GET /access/tfa',
      'GET /access/tfa/{userid}',
      'GET /access/tfa/{userid}/{id}',
      'POST /access/tfa/{userid}',
      'PUT /access/tfa/{userid}/{id}',
      'DELETE /access/tfa/{userid}/{id}',
      'GET /access/users/{userid}/tfa',
      'PUT /access/users/{userid}/unlock-tfa',
    ],
  },
  {
    load: async () => (await import('./sdn-workflow.js')).WORKFLOW_ROUTES,
    routes: [
      'GET /cluster/sdn',
      'PUT /cluster/sdn',
      'POST /cluster/sdn/lock',
      'DELETE /cluster/sdn/lock',
      'POST /cluster/sdn/rollback',
      'GET /cluster/sdn/dry-run',
    ],
  },
  {
    load: async () => (await import('./sdn-revisions.js')).REVISION_ROUTES,
    routes: [
      'GET /cluster/sdn/revisions',
      'GET /cluster/sdn/revisions/{revision}',
      'GET /cluster/sdn/revisions/{revision}/diff',
      'POST /cluster/sdn/revisions/{revision}/revert',
      'GET /cluster/sdn/confirm',
      'POST /cluster/sdn/confirm',
    ],
  },
  {
    load: async () => (await import('./sdn-status.js')).STATUS_ROUTES,
    routes: [
      'GET /cluster/sdn/status',
    ],
  },
  {
    load: async () => (await import('./sdn-sets.js')).SIMPLE_SET_ROUTES,
    routes: [
      'GET /cluster/sdn/zones',
      'GET /cluster/sdn/zones/{zone}',
      'POST /cluster/sdn/zones',
      'PUT /cluster/sdn/zones/{zone}',
      'DELETE /cluster/sdn/zones/{zone}',
      'GET /cluster/sdn/controllers',
      'GET /cluster/sdn/controllers/{controller}',
      'POST /cluster/sdn/controllers',
      'PUT /cluster/sdn/controllers/{controller}',
      'DELETE /cluster/sdn/controllers/{controller}',
      'GET /cluster/sdn/ipams',
      'GET /cluster/sdn/ipams/{ipam}',
      'POST /cluster/sdn/ipams',
      'PUT /cluster/sdn/ipams/{ipam}',
      'DELETE /cluster/sdn/ipams/{ipam}',
      'GET /cluster/sdn/dns',
      'GET /cluster/sdn/dns/{dns}',
      'POST /cluster/sdn/dns',
      'PUT /cluster/sdn/dns/{dns}',
      'DELETE /cluster/sdn/dns/{dns}',
    ],
  },
  {
    load: async () => (await import('./prefix-lists.js')).PREFIX_LIST_ROUTES,
    routes: [
      'GET /cluster/sdn/prefix-lists',
      'POST /cluster/sdn/prefix-lists',
      'GET /cluster/sdn/prefix-lists/{id}',
      'PUT /cluster/sdn/prefix-lists/{id}',
      'DELETE /cluster/sdn/prefix-lists/{id}',
      'GET /cluster/sdn/prefix-lists/{id}/entries',
      'POST /cluster/sdn/prefix-lists/{id}/entries',
      'GET /cluster/sdn/prefix-lists/{id}/entries/{url_seq}',
      'PUT /cluster/sdn/prefix-lists/{id}/entries/{url_seq}',
      'DELETE /cluster/sdn/prefix-lists/{id}/entries/{url_seq}',
    ],
  },
  {
    load: async () => (await import('./route-maps.js')).ROUTE_MAP_ROUTES,
    routes: [
      'GET /cluster/sdn/route-maps',
      'GET /cluster/sdn/route-maps/entries',
      'POST /cluster/sdn/route-maps/entries',
      'GET /cluster/sdn/route-maps/entries/{route-map-id}',
      'GET /cluster/sdn/route-maps/entries/{route-map-id}/entry/{order}',
      'PUT /cluster/sdn/route-maps/entries/{route-map-id}/entry/{order}',
      'DELETE /cluster/sdn/route-maps/entries/{route-map-id}/entry/{order}',
    ],
  },
  {
    load: async () => (await import('./sdn-vnets.js')).VNET_ROUTES,
    routes: [
      'GET /cluster/sdn/vnets',
      'GET /cluster/sdn/vnets/{vnet}',
      'POST /cluster/sdn/vnets',
      'PUT /cluster/sdn/vnets/{vnet}',
      'DELETE /cluster/sdn/vnets/{vnet}',
      'GET /cluster/sdn/vnets/{vnet}/subnets',
      'GET /cluster/sdn/vnets/{vnet}/subnets/{subnet}',
      'POST /cluster/sdn/vnets/{vnet}/subnets',
      'PUT /cluster/sdn/vnets/{vnet}/subnets/{subnet}',
      'DELETE /cluster/sdn/vnets/{vnet}/subnets/{subnet}',
    ],
  },
  {
    load: async () => (await import('./vnet-firewall.js')).VNET_FIREWALL_ROUTES,
    routes: [
      'GET /cluster/sdn/vnets/{vnet}/firewall',
      'GET /cluster/sdn/vnets/{vnet}/firewall/options',
      'PUT /cluster/sdn/vnets/{vnet}/firewall/options',
      'GET /cluster/sdn/vnets/{vnet}/firewall/rules',
      'POST /cluster/sdn/vnets/{vnet}/firewall/rules',
      'GET /cluster/sdn/vnets/{vnet}/firewall/rules/{pos}',
      'PUT /cluster/sdn/vnets/{vnet}/firewall/rules/{pos}',
      'DELETE /cluster/sdn/vnets/{vnet}/firewall/rules/{pos}',
    ],
  },
  {
    load: async () => (await import('./sdn-ips.js')).IP_ROUTES,
    routes: [
      'POST /cluster/sdn/vnets/{vnet}/ips',
      'PUT /cluster/sdn/vnets/{vnet}/ips',
      'DELETE /cluster/sdn/vnets/{vnet}/ips',
      'GET /cluster/sdn/ipams/{ipam}/status',
    ],
  },
  {
    load: async () => (await import('./fabrics.js')).FABRIC_ROUTES,
    routes: [
      'GET /cluster/sdn/fabrics',
      'GET /cluster/sdn/fabrics/all',
      'GET /cluster/sdn/fabrics/fabric',
      'GET /cluster/sdn/fabrics/fabric/{id}',
      'POST /cluster/sdn/fabrics/fabric',
      'PUT /cluster/sdn/fabrics/fabric/{id}',
      'DELETE /cluster/sdn/fabrics/fabric/{id}',
      'GET /cluster/sdn/fabrics/node',
      'GET /cluster/sdn/fabrics/node/{fabric_id}',
      'GET /cluster/sdn/fabrics/node/{fabric_id}/{node_id}',
      'POST /cluster/sdn/fabrics/node/{fabric_id}',
      'PUT /cluster/sdn/fabrics/node/{fabric_id}/{node_id}',
      'DELETE /cluster/sdn/fabrics/node/{fabric_id}/{node_id}',
    ],
  },
  {
    load: async () => (await import('./nodes.js')).NODE_ROUTES,
    routes: [
      'GET /nodes',
      'GET /nodes/{node}',
      'GET /nodes/{node}/subscription',
      'GET /nodes/{node}/sdn',
      'GET /nodes/{node}/sdn/zones',
      'GET /nodes/{node}/sdn/zones/{zone}',
      'GET /nodes/{node}/sdn/zones/{zone}/content',
      'GET /nodes/{node}/sdn/vnets/{vnet}',
      'GET /nodes/{node}/sdn/fabrics',
    ],
  },
  {
    load: async () => (await import('./node-tasks.js')).NODE_TASK_ROUTES,
    routes: [
      'GET /nodes/{node}/tasks',
      'GET /nodes/{node}/tasks/{upid}',
      'DELETE /nodes/{node}/tasks/{upid}',
      'GET /nodes/{node}/tasks/{upid}/status',
      'GET /nodes/{node}/tasks/{upid}/log',
    ],
  },
  {
    load: async () => (await import('./node-live.js')).NODE_LIVE_ROUTES,
    routes: [
      'GET /nodes/{node}/sdn/zones/{zone}/bridges',
      'GET /nodes/{node}/sdn/zones/{zone}/ip-vrf',
      'GET /nodes/{node}/sdn/vnets/{vnet}/mac-vrf',
    ],
  },
  {
    load: async () => (await import('./node-drift.js')).NODE_DRIFT_ROUTES,
    routes: [
      'GET /nodes/{node}/sdn/drift',
      'POST /nodes/{node}/sdn/repair',
    ],
  },
  {
    load: async () => (await import('./node-network.js')).NODE_NETWORK_ROUTES,
    routes: [
      'GET /nodes/{node}/network',
    ],
  },
  {
    load: async () => (await import('./node-fabrics.js')).NODE_FABRIC_ROUTES,
    routes: [
      'GET /nodes/{node}/sdn/fabrics/{fabric}',
      'GET /nodes/{node}/sdn/fabrics/{fabric}/routes',
      'GET /nodes/{node}/sdn/fabrics/{fabric}/neighbors',
      'GET /nodes/{node}/sdn/fabrics/{fabric}/interfaces',
    ],
  },
  {
    load: async () => (await import('./agent.js')).AGENT_ROUTES,
    routes: [
      'GET /nodes/{node}/sdn/agent',
      'DELETE /nodes/{node}/sdn/agent',
      'GET /nodes/{node}/sdn/agent/config',
      'GET /nodes/{node}/sdn/agent/dhcp-hosts',
      'PUT /nodes/{node}/sdn/agent/status',
      'PUT /nodes/{node}/sdn/agent/facts',
    ],
  },
  {
    load: async () => (await import('./agent-keys.js')).AGENT_KEY_ROUTES,
    routes: [
      'GET /nodes/{node}/sdn/agent/wireguard-keys',
    ],
  },
  {
    load: async () => (await import('./agent-queries.js')).AGENT_QUERY_ROUTES,
    routes: [
      'GET /nodes/{node}/sdn/agent/queries',
      'PUT /nodes/{node}/sdn/agent/queries/{id}',
    ],
  },
];

/** Every route, every module loaded (the tests' tables, the web UI's schemas). */
export async function loadAllRoutes(): Promise<readonly RouteDef[]> {
  return (await Promise.all(ROUTE_MODULES.map((m) => m.load()))).flat();
}
