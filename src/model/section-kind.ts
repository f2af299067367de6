/**
 * A section kind is one config file of the reference (`zones.cfg`, …): the
 * schema of its id, every property any of its types may carry, and per type
 * which of those it accepts and which are required. The same table validates
 * section files, the running config, API parameters and CLI flags.
 */
import type { PropertySchema, StringProp } from './property-schema.js';

export interface OptionRule {
  readonly optional: boolean;
  /** this type's schema for the property, when it differs from the kind's (the reference's `instance-types`) */
  readonly schema?: PropertySchema;
}

export interface SectionKind<T extends string = string> {
  /** key in the running config: `zones`, `vnets`, … */
  readonly name: string;
  /** file under /etc/pve/sdn */
  readonly file: string;
  /** API parameter that names the id: `zone`, `vnet`, … */
  readonly idProperty: string;
  readonly idSchema: StringProp;
  readonly properties: Readonly<Record<string, PropertySchema>>;
  readonly types: Readonly<Record<T, Readonly<Record<string, OptionRule>>>>;
  /** properties decoded from a comma list (or a `{name: 1}` set) into a list */
  readonly listProperties?: readonly string[];
  /** how a section id reads in messages, when it packs several names (`uwu_pve` → `uwu/pve`) */
  readonly displayId?: (id: string) => string;
}

/** The id schema most SDN objects share: a letter, then letters and digits. */
export function sdnIdSchema(what: string, maxLength?: number): StringProp {
  return {
    type: 'string',
    description: `The SDN ${what} object identifier.`,
    pattern: '[a-zA-Z][a-zA-Z0-9]*[a-zA-Z0-9]',
    minLength: 2,
    ...(maxLength !== undefined ? { maxLength } : {}),
  };
}

export const optional: OptionRule = { optional: true };
export const required: OptionRule = { optional: false };
export const optionalAs = (schema: PropertySchema): OptionRule => ({ optional: true, schema });
export const requiredAs = (schema: PropertySchema): OptionRule => ({ optional: false, schema });

export function typeNames<T extends string>(kind: SectionKind<T>): T[] {
  return Object.keys(kind.types) as T[];
}
