/**
 * Method parameters, checked as the reference's JSON-schema validator does
 * (pve-common's RESTHandler::handle and JSONSchema::validate): a list sent
 * as repeated keys is joined for `-list` formats; unknown parameters are
 * refused unless the method's schema allows more (then ignored); missing
 * required ones and each value's type, format, pattern and range are all
 * reported, one reason per parameter, in plain words (model/schema.ts). Beyond
 * the reference, control characters are refused in every text value: the
 * reference dies with a 500 on a line feed only when writing the file.
 */
import type { BooleanProp, IntegerProp, PropertyValues, TextProp } from '../model/property-schema.js';
import type { DecodedValue, PropertySchema } from '../model/schema.js';
import { checkProperty, REQUIRED, splitList } from '../model/schema.js';
import { ParamError } from '../util/errors.js';
import type { RawParams } from './request-params.js';

export type ParamSchemas = Readonly<Record<string, PropertySchema>>;
/** checked parameters of schemas known only as a record (what the server holds before a route's types apply) */
export type CheckedParams = PropertyValues<ParamSchemas>;
/** what a method does with parameters its schema does not name */
export type UnknownParams = 'refuse' | 'ignore';

const TRUE_TEXT = /^(true|yes|on)$/i;
const FALSE_TEXT = /^(false|no|off)$/i;
const CONTROL_CHAR = /\p{Cc}/u;
/** a file's content keeps its line feeds and tabs (and CRs of a file written on Windows) */
const CONTROL_CHAR_BUT_LINES = /[^\P{Cc}\t\n\r]/u;

function normalize(schema: PropertySchema, raw: unknown): unknown {
  if (schema.type === 'boolean' && typeof raw === 'string') return TRUE_TEXT.test(raw) ? '1' : FALSE_TEXT.test(raw) ? '0' : raw;
  // a list sent as repeated keys (or a JSON array) for a `-list` format is one comma-separated text
  if (schema.type === 'string' && schema.format?.endsWith('-list') && Array.isArray(raw)) return raw.join(',');
  return raw;
}

function controlCharProblem(value: unknown, multiline: boolean): string | null {
  const re = multiline ? CONTROL_CHAR_BUT_LINES : CONTROL_CHAR;
  for (const text of [value].flat()) {
    const m = typeof text === 'string' ? re.exec(text) : null;
    if (m) return `value must not contain control characters (found U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
  }
  return null;
}

/** null when the value is acceptable, else the reason */
function shapeProblem(schema: PropertySchema, value: unknown): string | null {
  if (schema.type !== 'array' && Array.isArray(value)) return 'give one value, not a list';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return 'give a value, not an object';
  if (schema.type === 'string') return controlCharProblem(value, schema.multiline === true);
  return schema.type === 'array' ? controlCharProblem(value, false) : null;
}

/** The parameters that passed their checks, and the reasons of those that did not (null: none failed). */
export interface ParamCheck {
  readonly params: CheckedParams;
  readonly errors: Readonly<Record<string, string>> | null;
}

export function collectParams(schemas: ParamSchemas, raw: RawParams, unknown: UnknownParams = 'refuse'): ParamCheck {
  // null prototypes: a parameter named `__proto__` or `toString` is only a key
  const errors: Record<string, string> = Object.create(null) as Record<string, string>;
  const out: Record<string, DecodedValue> = Object.create(null) as Record<string, DecodedValue>;
  for (const [key, given] of raw) {
    const schema = Object.hasOwn(schemas, key) ? schemas[key] : undefined;
    if (!schema) {
      if (unknown === 'refuse') errors[key] = 'not a parameter of this method: leave it out';
      continue;
    }
    if (given === undefined || given === null) continue;
    const value = normalize(schema, given);
    const problem = shapeProblem(schema, value);
    if (problem) {
      errors[key] = problem;
      continue;
    }
    const r = checkProperty(schema, value);
    if (r.ok) out[key] = r.value;
    else errors[key] = r.message;
  }
  for (const [key, schema] of Object.entries(schemas)) {
    if (!schema.optional && out[key] === undefined && errors[key] === undefined) errors[key] = REQUIRED;
  }
  return { params: out, errors: Object.keys(errors).length > 0 ? errors : null };
}

/**
 * One answer naming every invalid field: when some parameters failed, the
 * method's later checks (`later`: a zone type's required options, the
 * references, run on the parameters that passed, writing nothing) add
 * their reasons for the fields not already refused. Any other failure of
 * those checks (a permission, a missing object) waits for a request whose
 * parameters pass, as it would without them.
 */
export async function allParamErrors(errors: Readonly<Record<string, string>>, later?: () => unknown): Promise<ParamError> {
  const all: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, errors);
  try {
    await later?.();
  } catch (e) {
    if (!(e instanceof ParamError)) return new ParamError(all);
    for (const [key, reason] of Object.entries(e.errors)) all[key] ??= reason;
  }
  return new ParamError(all);
}

/**
 * Small helpers for route tables. Each keeps its shape as a type (required
 * or `optional: true`, text or number) so that a route's handler sees its
 * parameters typed (route.ts).
 */
/** a required text parameter (neither an enum nor a property string) */
export type TextParam = Omit<TextProp, 'enum' | 'optional'>;
/** a parameter schema that may be left out */
export type Optional<P> = Omit<P, 'optional'> & { readonly optional: true };
type TextExtra = Partial<Omit<TextParam, 'type' | 'description'>>;
export const str = (description: string, extra: TextExtra = {}): TextParam => ({ type: 'string', description, ...extra });
export const optStr = (description: string, extra: TextExtra = {}): Optional<TextParam> => ({ type: 'string', description, optional: true, ...extra });
export const optBool = (description: string, dflt?: boolean): Optional<BooleanProp> => ({ type: 'boolean', description, optional: true, ...(dflt !== undefined ? { default: dflt } : {}) });
export const optInt = (description: string, minimum?: number, maximum?: number): Optional<IntegerProp> => ({
  type: 'integer',
  description,
  optional: true,
  ...(minimum !== undefined ? { minimum } : {}),
  ...(maximum !== undefined ? { maximum } : {}),
});
export const optEnum = <const E extends readonly string[]>(description: string, values: E): { readonly type: 'string'; readonly enum: E; readonly description: string; readonly optional: true } => ({
  type: 'string',
  enum: values,
  description,
  optional: true,
});
/** a node's name: its check makes it a `NodeName` */
export const NODE_PARAM = { type: 'string', format: 'pve-node', description: 'The cluster node name.' } as const satisfies TextParam;
export const LOCK_TOKEN = optStr('the token for unlocking the global SDN configuration');
export const DIGEST = optStr('Prevent changes if current configuration file has a different digest. This can be used to prevent concurrent modifications.', { maxLength: 64 });
export const DELETE_LIST = optStr('A list of settings you want to delete.', { format: 'pve-configid-list', maxLength: 4096 });
export const RUNNING = optBool('Display running config.');
export const PENDING = optBool('Display pending config.');

/** The names a `delete` gives (a list text), each one the method may remove (the reference's enum of its items). */
export function deleteNames(text: string | undefined, allowed: readonly string[]): string[] {
  const names = splitList(text ?? '');
  const refused = names.filter((n) => !allowed.includes(n));
  if (refused.length > 0) throw new ParamError({ delete: `cannot delete ${refused.join(', ')} (deletable: ${allowed.join(', ')})` });
  return names;
}
