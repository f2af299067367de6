/** The panels, in the order the navigation shows them, each with its path. */
import { IconBinaryTree2, IconBuildingBroadcastTower, IconDashboard, IconFilter, IconGitCompare, IconHierarchy3, IconMap, IconNetwork, IconRoute, IconServer, IconWorldWww } from '@tabler/icons-react';
import { lazy, type ComponentType } from 'react';
import { ApplyPanel } from '../panels/ApplyPanel';
import { IpamPanel } from '../panels/IpamPanel';
import { OverviewPanel } from '../panels/OverviewPanel';
import { ParentChildPanel } from '../panels/ParentChildPanel';
import { ResourcePanel } from '../panels/ResourcePanel';
import { CONTROLLERS, DNS, FABRIC_NODES, FABRICS, PREFIX_LISTS, ROUTE_MAPS, SUBNETS, VNETS, ZONES } from '../resources/registry';

// the graph library is large: load it only when the topology is opened
const TopologyPanel = lazy(() => import('../topology/TopologyPanel'));

export interface PanelEntry {
  readonly path: string;
  readonly label: string;
  readonly icon: ComponentType<{ size?: number }>;
  readonly Panel: ComponentType;
}

export const PANELS: readonly PanelEntry[] = [
  { path: '/', label: 'Overview', icon: IconDashboard, Panel: OverviewPanel },
  { path: '/zones', label: 'Zones', icon: IconHierarchy3, Panel: () => <ResourcePanel def={ZONES} /> },
  { path: '/vnets', label: 'VNets', icon: IconNetwork, Panel: () => <ParentChildPanel parent={VNETS} child={SUBNETS} /> },
  { path: '/controllers', label: 'Controllers', icon: IconBuildingBroadcastTower, Panel: () => <ResourcePanel def={CONTROLLERS} /> },
  { path: '/fabrics', label: 'Fabrics', icon: IconBinaryTree2, Panel: () => <ParentChildPanel parent={FABRICS} child={FABRIC_NODES} /> },
  { path: '/ipams', label: 'IPAM', icon: IconServer, Panel: IpamPanel },
  { path: '/dns', label: 'DNS', icon: IconWorldWww, Panel: () => <ResourcePanel def={DNS} /> },
  { path: '/prefix-lists', label: 'Prefix lists', icon: IconFilter, Panel: () => <ResourcePanel def={PREFIX_LISTS} /> },
  { path: '/route-maps', label: 'Route maps', icon: IconRoute, Panel: () => <ResourcePanel def={ROUTE_MAPS} /> },
  { path: '/apply', label: 'Review and apply', icon: IconGitCompare, Panel: ApplyPanel },
  { path: '/topology', label: 'Topology', icon: IconMap, Panel: TopologyPanel },
];
