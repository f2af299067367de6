/**
 * Property schemas in the reference's JSON-schema dialect (type, format,
 * pattern, min/max, enum, optional, default), and the check that both
 * validates and decodes a raw value (text from a file or a form, or JSON).
 * The error texts are the reference's, since API clients show them verbatim.
 */
import { checkFormat, splitList } from './formats.js';

interface BaseProp {
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
export type DecodedValue = string | number | boolean | readonly string[];

export type CheckResult = { readonly ok: true; readonly value: DecodedValue } | { readonly ok: false; readonly message: string };

const fail = (message: string): CheckResult => ({ ok: false, message });

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
  if (text === null) return fail(`type check ('string') failed`);
  if (schema.format) {
    const problem = checkFormat(schema.format, text);
    if (problem) return fail(`invalid format - ${problem}`);
  }
  if (schema.pattern && !anchoredPattern(schema.pattern).test(text)) {
    return fail('value does not match the regex pattern');
  }
  if (schema.maxLength !== undefined && text.length > schema.maxLength) {
    return fail(`value may only be ${schema.maxLength} characters long`);
  }
  if (schema.minLength !== undefined && text.length < schema.minLength) {
    return fail(`value must be at least ${schema.minLength} characters long`);
  }
  if (schema.enum && !schema.enum.includes(text)) {
    return fail(`value '${text}' does not have a value in the enumeration '${schema.enum.join(', ')}'`);
  }
  return { ok: true, value: text };
}

function checkInteger(schema: IntegerProp, raw: unknown): CheckResult {
  const text = scalarText(raw);
  if (text === null || !/^[+-]?\d+$/.test(text)) return fail(`type check ('integer') failed - got '${String(raw)}'`);
  const n = Number(text);
  if (schema.maximum !== undefined && n > schema.maximum) return fail(`value must have a maximum value of ${schema.maximum}`);
  if (schema.minimum !== undefined && n < schema.minimum) return fail(`value must have a minimum value of ${schema.minimum}`);
  return { ok: true, value: n };
}

function checkBoolean(raw: unknown): CheckResult {
  if (raw === true || raw === 1 || raw === '1') return { ok: true, value: true };
  if (raw === false || raw === 0 || raw === '0') return { ok: true, value: false };
  return fail(`type check ('boolean') failed - got '${String(raw)}'`);
}

function checkArray(schema: ArrayProp, raw: unknown): CheckResult {
  // a section file or a form gives one item as a plain string
  const items = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  const out: string[] = [];
  for (const [i, item] of items.entries()) {
    const r = checkString(schema.items, item);
    if (!r.ok) return fail(items.length > 1 ? `[${i}]: ${r.message}` : r.message);
    out.push(r.value as string);
  }
  return { ok: true, value: out };
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

/** Text form of a decoded value, as the reference writes it to a section file. */
export function encodeProperty(schema: PropertySchema, value: DecodedValue): string | readonly string[] {
  if (schema.type === 'boolean') return value ? '1' : '0';
  if (schema.type === 'array') return value as readonly string[];
  return String(value);
}

export { splitList };
