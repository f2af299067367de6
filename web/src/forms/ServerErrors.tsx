/**
 * The server's refusal of a form, all of it at once: each per-parameter
 * reason goes to its field in plain words (plain-errors.ts), a required
 * field left empty says so too (the server checks a type's required fields
 * only once the parameters pass), the form scrolls to the first field in
 * error, and a summary above the buttons lists every problem, with what
 * names no field.
 */
import { Alert, Button, Group, List } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useRef, useState } from 'react';
import { ApiError, describeError } from '../api/client';
import type { PropertySchema } from '../../../src/model/property-schema';
import { labelOf, type FieldSpec, type Widget } from './fields';
import { plainReason, REQUIRED } from './plain-errors';
import { encodeValue, type FormValues } from './values';

/** What a refused form shows above its buttons. */
export interface Refusal {
  readonly title: string;
  readonly problems: readonly string[];
}

export const NO_REFUSAL: Refusal = { title: '', problems: [] };

/** A field of the form as the summary names it; a plain text field (the id) has no widget. */
export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly schema: PropertySchema;
  readonly required: boolean;
  readonly widget?: Widget;
}

export const formFields = (fields: readonly FieldSpec[]): FormField[] => fields.map((f) => ({ name: f.name, label: labelOf(f.name), schema: f.schema, required: f.required, widget: f.widget }));

/** Brings the first field in error into view and puts the cursor there. */
function showFirst(form: HTMLElement | null, name: string): void {
  const target = form?.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
  if (!target) return;
  target.scrollIntoView({ block: 'center' });
  const input = target.matches('input, textarea') ? target : target.querySelector<HTMLElement>('input, textarea');
  input?.focus({ preventScroll: true });
}

/** Sets the field errors from a refusal and says what the summary lists; `formElement` is scrolled to the first. */
export function showServerErrors(e: unknown, form: UseFormReturnType<FormValues>, fields: readonly FormField[], formElement: HTMLElement | null): Refusal {
  if (!(e instanceof ApiError)) return { title: 'The change was not saved', problems: [describeError(e)] };
  const known = new Map(fields.map((f) => [f.name, f]));
  const at: Record<string, string> = {};
  const other: string[] = [];
  for (const [k, v] of Object.entries(e.errors)) {
    const field = known.get(k);
    if (field) at[k] = plainReason(v, field.schema);
    else other.push(`${k}: ${plainReason(v)}`);
  }
  // a parameter refusal comes before the type's own checks: say now which required fields are empty
  if (e.status === 400) {
    const values = form.getValues();
    for (const f of fields) {
      const empty = f.widget ? encodeValue(f.widget, values[f.name]) === undefined : String(values[f.name] ?? '').trim() === '';
      if (f.required && empty && !(f.name in at)) at[f.name] = REQUIRED;
    }
  }
  form.setErrors(at);
  const inError = fields.filter((f) => f.name in at);
  const first = inError[0];
  if (first) requestAnimationFrame(() => showFirst(formElement, first.name));
  if (!inError.length && !other.length) return { title: 'The server refused this change', problems: [e.message] };
  const count = inError.length + other.length;
  return {
    title: count === 1 ? 'One problem: nothing was saved' : `${count} problems: nothing was saved`,
    problems: [...inError.map((f) => `${f.label}: ${at[f.name] ?? ''}`), ...other],
  };
}

/** A form's refusal state: `submit` wraps the form's submit, `refused` takes the server's error. */
export function useRefusal(form: UseFormReturnType<FormValues>, fields: readonly FormField[]) {
  const [refusal, setRefusal] = useState<Refusal>(NO_REFUSAL);
  const formRef = useRef<HTMLFormElement>(null);
  return {
    refusal,
    formRef,
    refused: (e: unknown) => setRefusal(showServerErrors(e, form, fields, formRef.current)),
    submit: (send: (values: FormValues) => void) =>
      form.onSubmit((values) => {
        // a new try: the last refusal's reasons go until the server answers again
        setRefusal(NO_REFUSAL);
        form.clearErrors();
        send(values);
      }),
  };
}

export function FormFooter({ refusal, submitLabel, busy, onCancel }: { readonly refusal: Refusal; readonly submitLabel: string; readonly busy: boolean; onCancel(): void }) {
  return (
    <>
      {refusal.problems.length ? (
        <Alert color="red" title={refusal.title} role="alert" data-testid="form-error">
          <List size="sm" spacing={2}>
            {refusal.problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={busy}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
