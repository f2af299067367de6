/**
 * The controller kind, assembled from the controller types' modules: each
 * brings its own properties and its rules; the options several types share
 * come from one table (options.ts). `Controller` is what the decoder makes of
 * a section of it.
 */
import { controllerKindBase } from '../model/controller.js';
import { type SectionKind, type SectionRecord } from '../model/section-kind.js';
import type { Asn, ControllerId } from '../model/values.js';
import { bgpOptions } from './bgp.js';
import { evpnOptions } from './evpn.js';
import { isisOptions } from './isis.js';
import { sharedControllerProperties } from './options.js';

export const controllerKind = {
  ...controllerKindBase,
  listProperties: [...evpnOptions.listProperties],
  properties: { ...sharedControllerProperties, ...evpnOptions.properties, ...bgpOptions.properties, ...isisOptions.properties },
  types: { evpn: evpnOptions.rules, bgp: bgpOptions.rules, isis: isisOptions.rules },
} as const satisfies SectionKind;

export type ControllerType = keyof typeof controllerKind.types;

/** Each type's controller, as the decoder makes it from the kind's tables (the same type as its module's, e.g. `EvpnController`). */
type ControllerByType = { readonly [T in ControllerType]: SectionRecord<typeof controllerKind, T, ControllerId, { asn: Asn }> };
export type ControllerOfType<T extends ControllerType> = ControllerByType[T];
export type Controller = ControllerByType[ControllerType];
