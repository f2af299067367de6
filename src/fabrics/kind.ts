/**
 * The fabric kind (`fabrics.cfg`) assembled from the protocol modules'
 * tables: the common properties (model/fabric-kind.ts), the ones several
 * protocols share (options.ts) and each protocol's own, and per section type
 * its rules. A literal table, so the records the decoder makes from it are
 * the modules' own types (test/model/section-types.test.ts holds them equal).
 */
import { commonFabricProperties, commonFabricRules, commonNodeRules, fabricKindBase, type FabricSectionType } from '../model/fabric-kind.js';
import type { SectionKind } from '../model/section-kind.js';
import { bgpOptions, type BgpFabricSection, type BgpNodeSection } from './bgp.js';
import { openfabricOptions, type OpenfabricFabricSection, type OpenfabricNodeSection } from './openfabric.js';
import { sharedFabricProperties } from './options.js';
import { ospfOptions, type OspfFabricSection, type OspfNodeSection } from './ospf.js';
import { wireguardOptions, type WireguardFabricSection, type WireguardNodeSection } from './wireguard.js';

export const fabricKind = {
  ...fabricKindBase,
  // in the order the web UI's forms show them (as before the protocols had their modules)
  properties: {
    ...commonFabricProperties,
    ...openfabricOptions.properties,
    ...sharedFabricProperties,
    ...ospfOptions.properties,
    ...bgpOptions.properties,
    ...wireguardOptions.properties,
  },
  types: {
    openfabric_fabric: { ...commonFabricRules, ...openfabricOptions.fabric },
    ospf_fabric: { ...commonFabricRules, ...ospfOptions.fabric },
    bgp_fabric: { ...commonFabricRules, ...bgpOptions.fabric },
    wireguard_fabric: { ...commonFabricRules, ...wireguardOptions.fabric },
    openfabric_node: { ...commonNodeRules, ...openfabricOptions.node },
    ospf_node: { ...commonNodeRules, ...ospfOptions.node },
    bgp_node: { ...commonNodeRules, ...bgpOptions.node },
    wireguard_node: { ...commonNodeRules, ...wireguardOptions.node },
  },
} as const satisfies SectionKind<FabricSectionType>;

export type FabricTypeSection = OpenfabricFabricSection | OspfFabricSection | BgpFabricSection | WireguardFabricSection;
export type NodeTypeSection = OpenfabricNodeSection | OspfNodeSection | BgpNodeSection | WireguardNodeSection;
/** Any section of `fabrics.cfg`, told apart by its `type`. */
export type FabricSection = FabricTypeSection | NodeTypeSection;
