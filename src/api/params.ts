/**
 * Method parameters, checked as the reference's JSON-schema validator does:
 * unknown parameters, missing required ones and each value's type, format,
 * pattern and range are all reported, one message per parameter, with the
 * reference's texts. Values arrive as text (query string, form) or JSON.
 */
import type { DecodedValue, PropertySchema } from '../model/schema.js';
import { checkProperty } from '../model/schema.js';
import { ParamError } from '../sdn/errors.js';

export type ParamSchemas = Readonly<Record<string, PropertySchema>>;
export type CheckedParams = Readonly<Record<string, DecodedValue>>;

const TRUE_TEXT = /^(true|yes|on)$/i;
const FALSE_TEXT = /^(false|no|off)$/i;

function normalize(schema: PropertySchema, raw: unknown): unknown {
  if (schema.type === 'boolean' && typeof raw === 'string') return TRUE_TEXT.test(raw) ? '1' : FALSE_TEXT.test(raw) ? '0' : raw;
  return raw;
}

export function checkParams(schemas: ParamSchemas, raw: Readonly<Record<string, unknown>>): CheckedParams {
  const errors: Record<string, string> = {};
  const out: Record<string, DecodedValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    const schema = schemas[key];
    if (!schema) {
      errors[key] = 'property is not defined in schema and the schema does not allow additional properties';
      continue;
    }
    if (value === undefined || value === null) continue;
    if (schema.type !== 'array' && Array.isArray(value)) {
      errors[key] = `type check ('${schema.type}') failed - got ARRAY`;
      continue;
    }
    const r = checkProperty(schema, normalize(schema, value));
    if (r.ok) out[key] = r.value;
    else errors[key] = r.message;
  }
  for (const [key, schema] of Object.entries(schemas)) {
    if (!schema.optional && out[key] === undefined && errors[key] === undefined) errors[key] = 'property is missing and it is not optional';
  }
  if (Object.keys(errors).length > 0) throw new ParamError(errors);
  return out;
}

/** Small helpers for route tables. */
export const str = (description: string, extra: Partial<Omit<PropertySchema & { type: 'string' }, 'type'>> = {}): PropertySchema => ({ type: 'string', description, ...extra });
export const optStr = (description: string, extra: Partial<Omit<PropertySchema & { type: 'string' }, 'type'>> = {}): PropertySchema => ({ type: 'string', description, optional: true, ...extra });
export const optBool = (description: string, dflt?: boolean): PropertySchema => ({ type: 'boolean', description, optional: true, ...(dflt !== undefined ? { default: dflt } : {}) });
export const optInt = (description: string, minimum?: number, maximum?: number): PropertySchema => ({
  type: 'integer',
  description,
  optional: true,
  ...(minimum !== undefined ? { minimum } : {}),
  ...(maximum !== undefined ? { maximum } : {}),
});
export const NODE_PARAM: PropertySchema = { type: 'string', format: 'pve-node', description: 'The cluster node name.' };
export const LOCK_TOKEN: PropertySchema = optStr('the token for unlocking the global SDN configuration');
export const DIGEST: PropertySchema = optStr('Prevent changes if current configuration file has a different digest. This can be used to prevent concurrent modifications.', { maxLength: 64 });
export const DELETE_LIST: PropertySchema = optStr('A list of settings you want to delete.', { format: 'pve-configid-list', maxLength: 4096 });
export const RUNNING: PropertySchema = optBool('Display running config.');
export const PENDING: PropertySchema = optBool('Display pending config.');
