/** Every route, in one table. */
import type { RouteDef } from '../route.js';
import { ACCESS_ROUTES } from './access.js';
import { AGENT_ROUTES } from './agent.js';
import { AGENT_KEY_ROUTES } from './agent-keys.js';
import { AGENT_QUERY_ROUTES } from './agent-queries.js';
import { CLUSTER_ROUTES } from './cluster.js';
import { FABRIC_ROUTES } from './fabrics.js';
import { NODE_FABRIC_ROUTES } from './node-fabrics.js';
import { NODE_DRIFT_ROUTES } from './node-drift.js';
import { NODE_LIVE_ROUTES } from './node-live.js';
import { NODE_NETWORK_ROUTES } from './node-network.js';
import { NODE_TASK_ROUTES } from './node-tasks.js';
import { NODE_ROUTES } from './nodes.js';
import { RESOURCE_ROUTES } from './resources.js';
import { IP_ROUTES } from './sdn-ips.js';
import { SIMPLE_SET_ROUTES } from './sdn-sets.js';
import { STATUS_ROUTES } from './sdn-status.js';
import { VNET_ROUTES } from './sdn-vnets.js';
import { VNET_FIREWALL_ROUTES } from './vnet-firewall.js';
import { WORKFLOW_ROUTES } from './sdn-workflow.js';
import { REVISION_ROUTES } from './sdn-revisions.js';

export const ALL_ROUTES: readonly RouteDef[] = [
  ...CLUSTER_ROUTES,
  ...RESOURCE_ROUTES,
  ...ACCESS_ROUTES,
  ...WORKFLOW_ROUTES,
  ...REVISION_ROUTES,
  ...STATUS_ROUTES,
  ...SIMPLE_SET_ROUTES,
  ...VNET_ROUTES,
  ...VNET_FIREWALL_ROUTES,
  ...IP_ROUTES,
  ...FABRIC_ROUTES,
  ...NODE_ROUTES,
  ...NODE_TASK_ROUTES,
  ...NODE_LIVE_ROUTES,
  ...NODE_DRIFT_ROUTES,
  ...NODE_NETWORK_ROUTES,
  ...NODE_FABRIC_ROUTES,
  ...AGENT_ROUTES,
  ...AGENT_KEY_ROUTES,
  ...AGENT_QUERY_ROUTES,
];
