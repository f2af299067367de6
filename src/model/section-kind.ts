/**
 * A section kind is one config file of the reference (`zones.cfg`, …): the
 * schema of its id, every property any of its types may carry, and per type
 * which of those it accepts and which are required. The same table validates
 * section files, the running config, API parameters and CLI flags.
 */
import type { DecodedValue, ModelValue, PropertySchema, TextProp } from './property-schema.js';

export interface OptionRule {
  readonly optional: boolean;
  /** this type's schema for the property, when it differs from the kind's (the reference's `instance-types`) */
  readonly schema?: PropertySchema;
}

/**
 * A property the decoder makes a value of by its own rule rather than its
 * format's (a subnet's `dhcp-range` items): from its checked value, the
 * value, or the finding's code and reason when it is not one.
 */
export type ValueRule = (checked: DecodedValue) => { readonly value: unknown } | { readonly code: string; readonly message: string };

export interface SectionKind<T extends string = string> {
  /** key in the running config: `zones`, `vnets`, … */
  readonly name: string;
  /** file under /etc/pve/sdn */
  readonly file: string;
  /** API parameter that names the id: `zone`, `vnet`, … */
  readonly idProperty: string;
  readonly idSchema: TextProp;
  readonly properties: Readonly<Record<string, PropertySchema>>;
  readonly types: Readonly<Record<T, Readonly<Record<string, OptionRule>>>>;
  /** properties the running config gives as a `{name: 1}` set (a file and the API as a comma list) */
  readonly listProperties?: readonly string[];
  /** properties decoded by a rule of their own */
  readonly values?: Readonly<Record<string, ValueRule>>;
  /** how a section id reads in messages, when it packs several names (`uwu_pve` → `uwu/pve`) */
  readonly displayId?: (id: string) => string;
}

/** The id schema most SDN objects share: a letter, then letters and digits. */
export function sdnIdSchema(what: string, maxLength?: number): TextProp {
  return {
    type: 'string',
    description: `The SDN ${what} object identifier.`,
    pattern: '[a-zA-Z][a-zA-Z0-9]*[a-zA-Z0-9]',
    minLength: 2,
    ...(maxLength !== undefined ? { maxLength } : {}),
  };
}

// literal rules, so that a kind's `types` table (`as const satisfies SectionKind`) says which properties are required
export const optional = { optional: true } as const satisfies OptionRule;
export const required = { optional: false } as const satisfies OptionRule;
// return types written out: inferred through `satisfies`, the schema would widen to PropertySchema
export const optionalAs = <S extends PropertySchema>(schema: S): { readonly optional: true; readonly schema: S } => ({ optional: true, schema });
export const requiredAs = <S extends PropertySchema>(schema: S): { readonly optional: false; readonly schema: S } => ({ optional: false, schema });

/** A kind's types, as its `types` table lists them. */
export function typeNames<K extends Pick<KindTables, 'types'>>(kind: K): (keyof K['types'] & string)[] {
  // a kind's table is a literal (`as const`): its keys are exactly the types it names
  return Object.keys(kind.types) as (keyof K['types'] & string)[];
}

/** What the mapped types read of a kind: its properties and its per-type option rules, with their literal types. */
export interface KindTables {
  readonly properties: Readonly<Record<string, PropertySchema>>;
  readonly types: Readonly<Record<string, Readonly<Record<string, OptionRule>>>>;
}
export type RulesOf<K extends KindTables, T extends keyof K['types']> = K['types'][T];
/** A property's schema in type `T`: the type's own (`optionalAs`), else the kind's. */
export type SchemaIn<K extends KindTables, Rule, N> = Rule extends { readonly schema: infer S extends PropertySchema } ? S : N extends keyof K['properties'] ? K['properties'][N] : never;
type RequiredIn<R> = { [N in keyof R]: R[N] extends { readonly optional: false } ? N : never }[keyof R];
/** the values the kind's own rules make (`values`) */
type RuleValues<K> = K extends { readonly values: infer V } ? { [N in keyof V]: V[N] extends (checked: never) => infer Out ? Extract<Out, { readonly value: unknown }>['value'] : never } : unknown;
type FieldValue<K extends KindTables, R, N extends keyof R, Values> = N extends keyof Values
  ? Values[N]
  : N extends keyof RuleValues<K>
    ? RuleValues<K>[N]
    : ModelValue<SchemaIn<K, R[N], N>>;

/**
 * The decoded record of a section of type `T` of kind `K`, derived from the
 * kind's tables: its id, its type, each property the type's rules list
 * (required ones always present) with its decoded value: its format's
 * (`ModelValue`), or its rule's (`values`). `Id` brands the id; `Values`
 * brands other properties (the decoder makes them, by the same rules).
 */
export type SectionRecord<K extends KindTables, T extends keyof K['types'] & string, Id extends string = string, Values = unknown> = {
  readonly id: Id;
  readonly type: T;
} & { readonly [N in RequiredIn<RulesOf<K, T>>]: FieldValue<K, RulesOf<K, T>, N, Values> } & {
  readonly [N in Exclude<keyof RulesOf<K, T>, RequiredIn<RulesOf<K, T>>>]?: FieldValue<K, RulesOf<K, T>, N, Values>;
};

/**
 * A type's own tables, for a kind assembled from one module per type (the
 * module owns its options): the properties only it has, the rules of every
 * property it accepts, the ones the running config gives as a set.
 */
export interface TypeTables {
  readonly properties: Readonly<Record<string, PropertySchema>>;
  readonly rules: Readonly<Record<string, OptionRule>>;
  readonly listProperties?: readonly string[];
}

/**
 * The record of type `T` from its module's tables, as `SectionRecord` derives
 * it from the assembled kind: `Properties` holds the schema of every property
 * `Rules` names (the type's own and the shared ones).
 */
export type TypeRecord<
  T extends string,
  Properties extends Readonly<Record<string, PropertySchema>>,
  Rules extends Readonly<Record<string, OptionRule>>,
  Id extends string = string,
  Values = unknown,
> = SectionRecord<{ readonly properties: Properties; readonly types: { readonly [K in T]: Rules } }, T, Id, Values>;
