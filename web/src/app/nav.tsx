/** The panels, in the order the navigation shows them, each with its path. */
import { IconBinaryTree2, IconBuildingBroadcastTower, IconDashboard, IconFilter, IconGitCompare, IconHierarchy3, IconHistory, IconKey, IconMap, IconNetwork, IconRoute, IconServer, IconWorldWww } from '@tabler/icons-react';
import { lazy, type ComponentType } from 'react';
import { HistoryPanel } from '../history/HistoryPanel';
import { ApplyPanel } from '../panels/ApplyPanel';
import { IpamPanel } from '../panels/IpamPanel';
import { OverviewPanel } from '../panels/OverviewPanel';
import { ParentChildPanel } from '../panels/ParentChildPanel';
import { ResourcePanel } from '../panels/ResourcePanel';
import { TokensPanel } from '../panels/TokensPanel';
import { CONTROLLERS, DNS, FABRIC_NODES, FABRICS, PREFIX_LISTS, ROUTE_MAPS, SUBNETS, VNETS, ZONES } from '../resources/registry';

// the graph library is large: not in the app's first chunk, fetched once the
// app is idle (preloadPanels) so opening the topology does not wait for it
let loadedTopology: ComponentType | undefined;
const loadTopology = () =>
  import('../topology/TopologyPanel').then((m) => {
    loadedTopology = m.default;
    return m;
  });
const LazyTopology = lazy(loadTopology);
// once loaded, drawn without suspending: React holds a suspended panel's fallback for 300 ms
const TopologyPanel = () => {
  const Loaded = loadedTopology;
  return Loaded ? <Loaded /> : <LazyTopology />;
};

/** Fetches and compiles the panels loaded on demand, when the browser has nothing else to do. */
export function preloadPanels(): void {
  const load = () => void loadTopology();
  if ('requestIdleCallback' in window) window.requestIdleCallback(load, { timeout: 3000 });
  else setTimeout(load, 1000);
}

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
  { path: '/history', label: 'History', icon: IconHistory, Panel: HistoryPanel },
  { path: '/topology', label: 'Topology', icon: IconMap, Panel: TopologyPanel },
  { path: '/tokens', label: 'API tokens', icon: IconKey, Panel: TokensPanel },
];
