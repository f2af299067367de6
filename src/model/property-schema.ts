/**
 * The shape of a property schema in the reference's JSON-schema dialect, as
 * pure types: the web UI type-checks its generated forms against these
 * without pulling in the validators (which need Node).
 */
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
