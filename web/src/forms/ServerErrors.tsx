/**
 * The server's refusal of a form, all of it at once (the server names every
 * invalid field in one answer, a type's required ones too): each
 * per-parameter reason goes to its field as a sentence (plain-errors.ts),
 * the form scrolls to the first field in error, and a summary above the
 * buttons lists every problem, with what names no field.
 */
import { Alert, Button, Group, List } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useRef, useState } from 'react';
import { ApiError, describeError } from '../api/client';
import { labelOf, type FieldSpec } from './fields';
import { plainReason } from './plain-errors';
import type { FormValues } from './values';

/** What a refused form shows above its buttons. */
export interface Refusal {
  readonly title: string;
  readonly problems: readonly string[];
}

export const NO_REFUSAL: Refusal = { title: '', problems: [] };

/** A field of the form as the summary names it. */
export interface FormField {
  readonly name: string;
  readonly label: string;
}

export const formFields = (fields: readonly FieldSpec[]): FormField[] => fields.map((f) => ({ name: f.name, label: labelOf(f.name) }));

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
    if (field) at[k] = plainReason(v);
    else other.push(`${k}: ${plainReason(v)}`);
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
