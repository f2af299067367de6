/**
 * The shape of a property schema in the reference's JSON-schema dialect, as
 * pure types: the web UI type-checks its generated forms against these
 * without pulling in the validators (which need Node). From a schema written
 * with its literal types (`as const satisfies …`) the mapped types below
 * derive the value a property carries: `PropertyValue` once checked (an API
 * parameter, a form field), `ModelValue` once the section decoder made its
 * format a value.
 */
import type { Endpoint, IfName, IpAddr, NodeName, ParsedCidr } from './values.js';

export interface BaseProp {
  readonly description: string;
  readonly optional?: boolean;
  /** never returned by the API; stored in a private file */
  readonly secret?: boolean;
}
export interface StringProp extends BaseProp {
  readonly type: 'string';
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly enum?: readonly string[];
  readonly default?: string;
  /** a whole text file's content (API parameters): line feeds and tabs allowed, other control characters not */
  readonly multiline?: boolean;
  /**
   * A property string (`key=value,key=value`, the reference's `format => { … }`):
   * the keys it may hold, decoded into a record. Lists inside one use `;`.
   */
  readonly properties?: PropertyStringSchema;
}
/** a string property whose value is plain text, never a property string (ids, names) */
export type TextProp = Omit<StringProp, 'properties'>;
export interface IntegerProp extends BaseProp {
  readonly type: 'integer';
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: number;
}
export interface BooleanProp extends BaseProp {
  readonly type: 'boolean';
  readonly default?: boolean;
}
export interface ArrayProp extends BaseProp {
  readonly type: 'array';
  readonly items: Omit<StringProp, 'description'> & { readonly description?: string };
}
export type PropertySchema = StringProp | IntegerProp | BooleanProp | ArrayProp;
export type PropertyStringSchema = Readonly<Record<string, PropertySchema>>;
export type DecodedScalar = string | number | boolean | readonly string[];
/** A decoded property string: its keys with their decoded values. */
export type PropertyRecord = Readonly<Record<string, DecodedScalar>>;
export type DecodedValue = DecodedScalar | PropertyRecord | readonly PropertyRecord[];

/**
 * The value a property schema decodes to (model/schema.ts checkProperty), as a
 * type: an integer is a number, a boolean a boolean, an enum one of its
 * texts, a property string its record of keys, an array its items. A schema
 * known only as `PropertySchema` gives the union of them all.
 */
export type PropertyValue<P extends PropertySchema> = P extends { readonly type: 'integer' }
  ? number
  : P extends { readonly type: 'boolean' }
    ? boolean
    : P extends { readonly type: 'array'; readonly items: infer I }
      ? ItemsValue<I>
      : TextValue<P>;

/**
 * A string schema's value: its property string's record, its enum's texts,
 * or text. A schema whose `properties` may or may not be there (known only
 * as `StringProp`) may give either a record or text.
 */
type TextValue<S> = S extends { readonly properties: infer K extends PropertyStringSchema }
  ? PropertyValues<K>
  : S extends { readonly enum: readonly (infer E extends string)[] }
    ? E
    : 'properties' extends keyof S
      ? string | PropertyRecord
      : S extends { readonly format: 'pve-node' }
        ? NodeName
        : string;

/** an array's items: all texts or all records, never mixed */
type ItemsValue<I> = I extends { readonly properties: PropertyStringSchema } | { readonly enum: readonly string[] }
  ? readonly TextValue<I>[]
  : 'properties' extends keyof I
    ? readonly string[] | readonly PropertyRecord[]
    : readonly string[];

/**
 * Whether a schema's value may be absent: it says `optional: true`, or it is
 * known only as `PropertySchema` (whose `optional` may be either). Tested on
 * the key, not by `extends { optional?: false }`: a schema without the key
 * shares no property with that weak type and would not match it.
 */
type MayBeAbsent<P> = 'optional' extends keyof P ? (true extends P[Extract<'optional', keyof P>] ? true : false) : false;
type RequiredKeys<S> = { [K in keyof S]: MayBeAbsent<S[K]> extends true ? never : K }[keyof S];

/** A property's value once checked, or once decoded (`ModelValue`). */
type ValueIn<P extends PropertySchema, Stage> = Stage extends 'model' ? ModelValue<P> : PropertyValue<P>;
type ValuesIn<S extends PropertyStringSchema, Stage> = OneObject<
  { readonly [K in keyof S as K extends RequiredKeys<S> ? K : never]: ValueIn<S[K], Stage> } & {
    readonly [K in keyof S as K extends RequiredKeys<S> ? never : K]?: ValueIn<S[K], Stage>;
  }
>;

/**
 * The checked values of a set of property schemas (a property string's
 * keys, a method's parameters, a section's options): the required keys
 * present, the optional ones possibly absent.
 */
export type PropertyValues<S extends PropertyStringSchema> = ValuesIn<S, 'checked'>;
/** The decoded values of a set of property schemas: a property string's keys with their formats made values. */
export type ModelValues<S extends PropertyStringSchema> = ValuesIn<S, 'model'>;

/**
 * An intersection of object types as the one object type it is (what editors
 * show, what `Equal` compares); kept as it is when it has an index signature
 * (schemas known only as a record), which would otherwise make every named
 * key optional.
 */
export type OneObject<T> = string extends keyof T ? T : { [K in keyof T]: T[K] };

/**
 * The value the section decoder makes of each format it decodes
 * (model/format-values.ts); any other `-list` format is a list of its
 * items, any other format stays its text.
 */
export interface FormatValues {
  readonly ip: IpAddr;
  readonly 'ip-list': readonly IpAddr[];
  readonly ipv4: IpAddr;
  readonly ipv6: IpAddr;
  readonly 'pve-sdn-cidr': ParsedCidr;
  readonly 'pve-sdn-cidrv4': ParsedCidr;
  readonly 'pve-sdn-cidrv6': ParsedCidr;
  readonly 'pve-sdn-endpoint': Endpoint;
  readonly 'pve-sdn-iface-name': IfName;
  readonly 'pve-node': NodeName;
  readonly 'pve-node-list': readonly NodeName[];
}

type FormatValue<F> = F extends keyof FormatValues ? FormatValues[F] : F extends `${string}-list` ? readonly string[] : string;

/** A string schema's decoded value: a property string's record with its keys decoded, a format's value, else as checked. */
type TextModel<S> = S extends { readonly properties: infer K extends PropertyStringSchema }
  ? ModelValues<K>
  : S extends { readonly format: infer F }
    ? S extends { readonly enum: readonly string[] }
      ? TextValue<S>
      : FormatValue<F>
    : TextValue<S>;

/**
 * A property's value in a decoded section: its checked value, with its
 * format (if any) made a value, also in a property string's keys and in an
 * array's items.
 */
export type ModelValue<P extends PropertySchema> = P extends { readonly type: 'string' }
  ? TextModel<P>
  : P extends { readonly type: 'array'; readonly items: infer I extends { readonly properties: PropertyStringSchema } | { readonly format: string } }
    ? readonly TextModel<I>[]
    : PropertyValue<P>;
