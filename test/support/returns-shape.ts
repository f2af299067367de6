/**
 * Checks an answer against a method's `returns` schema from the reference's
 * API dump (`../shared/api/*.json`): types, enums, required properties, and
 * no properties beyond those listed when the schema closes the object.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from './paths.js';

export interface ReturnsSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, ReturnsSchema & { readonly optional?: number }>>;
  readonly items?: ReturnsSchema;
  readonly enum?: readonly string[];
  readonly additionalProperties?: number | boolean;
}

/** The `returns` of `method path` in `../shared/api/<file>`. */
export function referenceReturns(file: string, path: string, method: string): ReturnsSchema {
  const dump = JSON.parse(readFileSync(join(SHARED_DIR, 'api', file), 'utf8')) as Record<string, { info: Record<string, { returns: ReturnsSchema }> }>;
  const returns = dump[path]?.info[method]?.returns;
  if (!returns) throw new Error(`${method} ${path} is not in ${file}`);
  return returns;
}

function typeProblem(value: unknown, type: string | undefined): string | null {
  const ok: Record<string, (v: unknown) => boolean> = {
    object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    array: Array.isArray,
    string: (v) => typeof v === 'string',
    integer: Number.isInteger,
    number: (v) => typeof v === 'number',
    boolean: (v) => v === 0 || v === 1 || typeof v === 'boolean',
    null: (v) => v === null,
  };
  const check = type ? ok[type] : undefined;
  return check && !check(value) ? `expected ${type}, got ${JSON.stringify(value)}` : null;
}

/** Every way `value` differs from `schema`, each prefixed with where (`[2].status`). */
export function shapeProblems(value: unknown, schema: ReturnsSchema, at = ''): string[] {
  const wrong = typeProblem(value, schema.type);
  if (wrong) return [`${at || '(answer)'}: ${wrong}`];
  if (schema.enum && !schema.enum.includes(String(value))) return [`${at}: '${String(value)}' is not one of ${schema.enum.join(', ')}`];
  if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    return value.flatMap((v, i) => shapeProblems(v, items, `${at}[${i}]`));
  }
  if (schema.type !== 'object' || !schema.properties || value === null || typeof value !== 'object') return [];
  const props = schema.properties;
  const obj = value as Record<string, unknown>;
  const problems = Object.entries(props).flatMap(([k, p]) => (obj[k] === undefined ? (p.optional ? [] : [`${at}.${k}: missing`]) : shapeProblems(obj[k], p, `${at}.${k}`)));
  if (schema.additionalProperties === 0 || schema.additionalProperties === false) problems.push(...Object.keys(obj).filter((k) => !(k in props)).map((k) => `${at}.${k}: not in the schema`));
  return problems;
}
