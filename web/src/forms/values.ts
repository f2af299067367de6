/**
 * Form values and API parameters: an API value decoded into what a field
 * edits, and a field's value encoded as the parameter to send. An update
 * sends only what changed and lists cleared properties in `delete`, as the
 * reference's forms do.
 */
import type { ParamValue } from '../api/client';
import type { SectionRow } from '../api/types';
import type { FieldSpec, Widget } from './fields';
import { formatRecord, parseRecord, recordText, type RecordValue } from './property-string';

export type FieldValue = string | boolean | readonly string[] | RecordValue | readonly RecordValue[];
export type FormValues = Record<string, FieldValue>;

const isSet = (v: unknown) => v !== undefined && v !== null && v !== '';

export function decodeValue(widget: Widget, value: unknown): FieldValue {
  switch (widget.kind) {
    case 'boolean':
      return value === 1 || value === true || value === '1';
    case 'list':
      return Array.isArray(value) ? value.map(recordText) : isSet(value) ? String(value).split(',') : [];
    case 'node-list':
      return isSet(value) ? String(value).split(/[,;\s]+/).filter((n) => n !== '') : [];
    case 'record':
      return isSet(value) ? parseRecord(recordText(value)) : {};
    case 'records':
      return Array.isArray(value) ? value.map((v) => parseRecord(recordText(v))) : [];
    default:
      return isSet(value) ? String(value) : '';
  }
}

export function encodeValue(widget: Widget, value: FieldValue | undefined): ParamValue | undefined {
  switch (widget.kind) {
    case 'boolean':
      return value === true ? true : undefined;
    case 'list': {
      const items = (value as readonly string[] | undefined)?.map((s) => s.trim()).filter((s) => s !== '') ?? [];
      return items.length ? items : undefined;
    }
    case 'node-list': {
      const names = (value as readonly string[] | undefined) ?? [];
      return names.length ? names.join(',') : undefined;
    }
    case 'record': {
      const text = formatRecord((value as RecordValue | undefined) ?? {}, widget.keys);
      return text || undefined;
    }
    case 'records': {
      const items = ((value as readonly RecordValue[] | undefined) ?? []).map((r) => formatRecord(r, widget.keys)).filter((s) => s !== '');
      return items.length ? items : undefined;
    }
    default: {
      const text = typeof value === 'string' ? value.trim() : '';
      return text || undefined;
    }
  }
}

/** The fields' values from a section's row, or from any answer's record (an IPAM entry). */
export function initialValues(fields: readonly FieldSpec[], row: Readonly<Record<string, unknown>> | undefined): FormValues {
  return Object.fromEntries(fields.map((f) => [f.name, decodeValue(f.widget, row?.[f.name])]));
}

export interface Changes {
  readonly params: Record<string, ParamValue>;
  /** properties to remove (the `delete` parameter) */
  readonly remove: readonly string[];
}

/** Create: every set value. Update (`original` given): changed values, and cleared ones to delete. */
export function changes(fields: readonly FieldSpec[], values: FormValues, original?: SectionRow): Changes {
  const params: Record<string, ParamValue> = {};
  const remove: string[] = [];
  for (const f of fields) {
    const now = encodeValue(f.widget, values[f.name]);
    if (!original) {
      if (now !== undefined) params[f.name] = now;
      continue;
    }
    const before = encodeValue(f.widget, decodeValue(f.widget, original[f.name]));
    if (JSON.stringify(now) === JSON.stringify(before)) continue;
    if (now === undefined) remove.push(f.name);
    else params[f.name] = now;
  }
  return { params, remove };
}
