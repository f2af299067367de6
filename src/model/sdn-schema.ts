/**
 * What the web UI gets at `/sdn-schema.json` to generate its forms: every
 * section kind (id schema, properties, per-type options) and every API
 * method's parameters, as pure data and
 * pure types, so the browser bundle type-checks against the model without
 * importing the validators.
 */
import type { PropertySchema } from './property-schema.js';
import type { SectionKind } from './section-kind.js';

/** A section kind without its functions (they do not travel as JSON). */
export type SchemaKind = Omit<SectionKind, 'displayId'>;

export interface SdnSchema {
  /** keyed by running-config name: `zones`, `vnets`, `subnets`, … */
  readonly kinds: Readonly<Record<string, SchemaKind>>;
  /** every API method's parameters, keyed `POST /cluster/sdn/vnets/{vnet}/ips` (forms for calls that edit no section) */
  readonly methods: Readonly<Record<string, Readonly<Record<string, PropertySchema>>>>;
}
