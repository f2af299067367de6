/**
 * Property schemas in the reference's JSON-schema dialect (type, format,
 * pattern, min/max, enum, optional, default), and the check that both
 * validates and decodes a raw value (text from a file or a form, or JSON).
 * The refusals say in plain words what is wrong and what to give instead
 * (API clients and the web UI show them verbatim; the CLI prints them).
 */
import { checkFormat, splitList } from './formats.js';
import { patternWords } from './pattern-words.js';
import type { ArrayProp, DecodedScalar, DecodedValue, IntegerProp, PropertyRecord, PropertySchema, PropertyStringSchema, StringProp } from './property-schema.js';

export type { ArrayProp, BooleanProp, DecodedScalar, DecodedValue, IntegerProp, PropertyRecord, PropertySchema, PropertyStringSchema, StringProp } from './property-schema.js';

export type CheckResult = { readonly ok: true; readonly value: DecodedValue } | { readonly ok: false; readonly message: string };

const fail = (message: string): CheckResult => ({ ok: false, message });

/** The reason of a required value that is not given. */
export const REQUIRED = 'required: give a value';

/** Compiled `^(?:pattern)$` per pattern text: validation runs per section, compile once. */
const anchored = new Map<string, RegExp>();
function anchoredPattern(pattern: string): RegExp {
  let re = anchored.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`);
    anchored.set(pattern, re);
  }
  return re;
}

function scalarText(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

function checkString(schema: Omit<StringProp, 'description'>, raw: unknown): CheckResult {
  const text = scalarText(raw);
  if (text === null) return fail('give a text value');
  if (schema.format) {
    const problem = checkFormat(schema.format, text);
    if (problem) return fail(problem);
  }
  if (schema.pattern && !anchoredPattern(schema.pattern).test(text)) {
    return fail(`'${text}' is not allowed: ${patternWords(schema.pattern)}`);
  }
  if (schema.maxLength !== undefined && text.length > schema.maxLength) {
    return fail(`at most ${schema.maxLength} characters (this has ${text.length})`);
  }
  if (schema.minLength !== undefined && text.length < schema.minLength) {
    return fail(`at least ${schema.minLength} characters (this has ${text.length})`);
  }
  if (schema.enum && !schema.enum.includes(text)) {
    return fail(`'${text}' is not one of: ${schema.enum.join(', ')}`);
  }
  if (schema.properties) return checkPropertyString(schema.properties, text);
  return { ok: true, value: text };
}

/**
 * `key=value,…` against its keys' schemas, as the reference parses property
 * strings: empty items are ignored (`name=ens19,` is valid), unknown and
 * repeated keys are errors, lists inside use `;`.
 */
function checkPropertyString(keys: PropertyStringSchema, text: string): CheckResult {
  const out: Record<string, DecodedScalar> = {};
  for (const item of text.split(',')) {
    if (item.trim() === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) return fail(`'${item}': expected key=value`);
    const key = item.slice(0, eq).trim();
    // the key comes from the value's text: `toString` or `__proto__` must not find Object's members
    const schema = Object.hasOwn(keys, key) ? keys[key] : undefined;
    if (!schema) return fail(`unknown key '${key}' (expected one of: ${Object.keys(keys).join(', ')})`);
    if (Object.hasOwn(out, key)) return fail(`duplicate key '${key}'`);
    const value = item.slice(eq + 1);
    const r = checkProperty(schema, schema.type === 'array' ? value.split(';').filter((v) => v !== '') : value);
    if (!r.ok) return fail(`${key}: ${r.message}`);
    out[key] = r.value as DecodedScalar;
  }
  for (const [key, schema] of Object.entries(keys)) {
    if (!schema.optional && !(key in out)) return fail(`missing key '${key}'`);
  }
  return { ok: true, value: out };
}

const INTEGER_RE = /^[+-]?\d+$/;

function checkInteger(schema: IntegerProp, raw: unknown): CheckResult {
  let n: number;
  // JSON numbers (the running config's tags) need no text round trip
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) n = raw;
  else {
    const text = scalarText(raw);
    if (text === null || !INTEGER_RE.test(text)) return fail(`'${String(raw)}' is not a whole number`);
    n = Number(text);
  }
  const { minimum: min, maximum: max } = schema;
  if ((max !== undefined && n > max) || (min !== undefined && n < min)) {
    return fail(min !== undefined && max !== undefined ? `must be between ${min} and ${max} (not ${n})` : max !== undefined ? `must be at most ${max} (not ${n})` : `must be at least ${min} (not ${n})`);
  }
  return { ok: true, value: n };
}

function checkBoolean(raw: unknown): CheckResult {
  if (raw === true || raw === 1 || raw === '1') return { ok: true, value: true };
  if (raw === false || raw === 0 || raw === '0') return { ok: true, value: false };
  return fail(`'${String(raw)}' is not yes or no: give 1 or 0`);
}

function checkArray(schema: ArrayProp, raw: unknown): CheckResult {
  // a section file or a form gives one item as a plain string
  const items = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  const out: DecodedValue[] = [];
  for (const [i, item] of items.entries()) {
    const r = checkString(schema.items, item);
    if (!r.ok) return fail(items.length > 1 ? `item ${i + 1}: ${r.message}` : r.message);
    out.push(r.value);
  }
  return { ok: true, value: out as string[] | PropertyRecord[] };
}

export function checkProperty(schema: PropertySchema, raw: unknown): CheckResult {
  switch (schema.type) {
    case 'string':
      return checkString(schema, raw);
    case 'integer':
      return checkInteger(schema, raw);
    case 'boolean':
      return checkBoolean(raw);
    case 'array':
      return checkArray(schema, raw);
  }
}

function encodeScalar(schema: PropertySchema, value: DecodedScalar): string {
  if (schema.type === 'boolean') return value ? '1' : '0';
  if (schema.type === 'array') return (value as readonly string[]).join(';');
  return String(value);
}

/** `key=value,…` in the schema's key order (the reference writes fields in declaration order). */
function encodePropertyString(keys: PropertyStringSchema, record: PropertyRecord): string {
  const parts: string[] = [];
  for (const [key, schema] of Object.entries(keys)) {
    const v = record[key];
    if (v !== undefined) parts.push(`${key}=${encodeScalar(schema, v)}`);
  }
  return parts.join(',');
}

/** Text form of a decoded value, as the reference writes it to a section file. */
export function encodeProperty(schema: PropertySchema, value: DecodedValue): string | readonly string[] {
  if (schema.type === 'array') {
    const keys = schema.items.properties;
    return (value as readonly (string | PropertyRecord)[]).map((v) => (keys && typeof v === 'object' ? encodePropertyString(keys, v) : String(v)));
  }
  if (schema.type === 'string' && schema.properties && typeof value === 'object') return encodePropertyString(schema.properties, value as PropertyRecord);
  return encodeScalar(schema, value as DecodedScalar);
}

export { splitList };
