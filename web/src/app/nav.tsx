/** The panels, in the order the navigation shows them, each with its path. */
import { IconBinaryTree2, IconBuildingBroadcastTower, IconDashboard, IconFilter, IconGitCompare, IconHierarchy3, IconHistory, IconKey, IconMap, IconNetwork, IconRoute, IconServer, IconWorldWww } from '@tabler/icons-react';
import { Alert, Loader } from '@mantine/core';
import { useEffect, useState, type ComponentType } from 'react';
import { HistoryPanel } from '../history/HistoryPanel';
import { ApplyPanel } from '../panels/ApplyPanel';
import { IpamPanel } from '../panels/IpamPanel';
import { OverviewPanel } from '../panels/OverviewPanel';
import { ParentChildPanel } from '../panels/ParentChildPanel';
import { ResourcePanel } from '../panels/ResourcePanel';
import { TokensPanel } from '../panels/TokensPanel';
import { CONTROLLERS, DNS, FABRIC_NODES, FABRICS, PREFIX_LISTS, ROUTE_MAPS, SUBNETS, VNETS, ZONES } from '../resources/registry';

// the graph library is large: not in the app's first chunk, fetched soon after
// the app starts (preloadPanels) so opening the topology does not wait for it
let loadedTopology: ComponentType | undefined;
let loadingTopology: Promise<ComponentType> | undefined;
const loadTopology = (): Promise<ComponentType> =>
  (loadingTopology ??= import('../topology/TopologyPanel').then((m) => {
    loadedTopology = m.default;
    return m.default;
  }));

/**
 * The topology, drawn as soon as its code is there. Not React.lazy: a
 * suspended panel is held behind its fallback for at least 300 ms, even
 * when the code arrives a moment later.
 */
function TopologyPanel() {
  const [Loaded, setLoaded] = useState<ComponentType | undefined>(() => loadedTopology);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    if (!Loaded) loadTopology().then((c) => setLoaded(() => c), (e: Error) => setFailed(e.message));
  }, [Loaded]);
  if (failed) return <Alert color="red">The topology could not be loaded ({failed}): reload the page.</Alert>;
  return Loaded ? <Loaded /> : <Loader />;
}

/** Fetches and compiles the panels loaded on demand, once the app has drawn. */
export function preloadPanels(): void {
  const load = () => void loadTopology().catch(() => undefined);
  if ('requestIdleCallback' in window) window.requestIdleCallback(load, { timeout: 300 });
  else setTimeout(load, 300);
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
