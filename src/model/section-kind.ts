/**
 * A section kind is one config file of the reference (`zones.cfg`, …): the
 * schema of its id, every property any of its types may carry, and per type
 * which of those it accepts and which are required. The same table validates
 * section files, the running config, API parameters and CLI flags.
 */
import type { PropertySchema, StringProp } from './schema.js';

export interface OptionRule {
  readonly optional: boolean;
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

export function typeNames<T extends string>(kind: SectionKind<T>): T[] {
  return Object.keys(kind.types) as T[];
}
