/**
 * The server's refusal of a form: each per-parameter reason goes to its
 * field; what names no field (or a failure without reasons) is listed
 * above the buttons, with the buttons themselves.
 */
import { Alert, Button, Group } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { ApiError, describeError } from '../api/client';
import type { FormValues } from './values';

/** Sets the field errors; returns the problems no field shows. */
export function showServerErrors(e: unknown, form: UseFormReturnType<FormValues>, fieldNames: ReadonlySet<string>): string[] {
  if (!(e instanceof ApiError)) return [describeError(e)];
  const at: Record<string, string> = {};
  const other: string[] = [];
  for (const [k, v] of Object.entries(e.errors)) {
    if (fieldNames.has(k)) at[k] = v;
    else other.push(`${k}: ${v}`);
  }
  form.setErrors(at);
  return Object.keys(at).length && !other.length ? [] : [e.message, ...other];
}

export function FormFooter({ problems, submitLabel, busy, onCancel }: { readonly problems: readonly string[]; readonly submitLabel: string; readonly busy: boolean; onCancel(): void }) {
  return (
    <>
      {problems.length ? (
        <Alert color="red" title="The server refused this change" role="alert" data-testid="form-error">
          {problems.map((p) => (
            <div key={p}>{p}</div>
          ))}
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
