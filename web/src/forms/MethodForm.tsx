/**
 * A form for one API method that edits no section (an IP mapping of a
 * VNet), generated from the method's parameters in the server's schema.
 * Path parameters (`{vnet}`) are filled from the form's values.
 */
import { Alert, Loader, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, describeError, type ParamValue } from '../api/client';
import { useRefreshSdn } from '../api/queries';
import { methodParams, useSdnSchema } from '../api/schema';
import { FieldInput } from './FieldInput';
import { fieldsOfMethod } from './fields';
import { formFields, FormFooter, useRefusal } from './ServerErrors';
import { changes, initialValues, type FormValues } from './values';

export interface MethodFormProps {
  readonly method: 'POST' | 'PUT';
  /** the reference's path, with `{param}` placeholders */
  readonly path: string;
  /** parameters the form does not show */
  readonly hidden?: readonly string[];
  /** values given by where the form opened (not editable) */
  readonly fixed?: Readonly<Record<string, string>>;
  /** values to start from */
  readonly initial?: Readonly<Record<string, unknown>>;
  readonly submitLabel: string;
  onDone(): void;
}

/** The path with its placeholders filled, and the parameters that remain for the body. */
function fill(path: string, params: Readonly<Record<string, ParamValue>>): { url: string; body: Record<string, ParamValue> } {
  const inPath = new Set<string>();
  const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    inPath.add(name);
    return encodeURIComponent(String(params[name] ?? ''));
  });
  return { url, body: Object.fromEntries(Object.entries(params).filter(([k]) => !inPath.has(k))) };
}

function Fields({ props, params }: { readonly props: MethodFormProps; readonly params: Parameters<typeof fieldsOfMethod>[0] }) {
  const { method, path, hidden = [], fixed = {}, initial, submitLabel, onDone } = props;
  const fields = useMemo(() => fieldsOfMethod(params, [...hidden, ...Object.keys(fixed)]), [params, hidden, fixed]);
  const form = useForm<FormValues>({ initialValues: initialValues(fields, initial) });
  const { refusal, formRef, refused, submit } = useRefusal(form, formFields(fields));
  const refresh = useRefreshSdn();
  const call = useMutation({
    mutationFn: (values: FormValues) => {
      const { url, body } = fill(path, { ...changes(fields, values).params, ...fixed });
      return method === 'POST' ? api.post(url, body) : api.put(url, body);
    },
    onSuccess: async () => {
      await refresh();
      onDone();
    },
    onError: refused,
  });
  return (
    <form ref={formRef} onSubmit={submit((v) => call.mutate(v))} noValidate>
      <Stack gap="sm">
        {fields.map((f) => (
          <FieldInput key={f.name} form={form} field={f} />
        ))}
        <FormFooter refusal={refusal} submitLabel={submitLabel} busy={call.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

export function MethodForm(props: MethodFormProps) {
  const schema = useSdnSchema();
  if (schema.isPending) return <Loader size="sm" />;
  if (schema.isError) return <Alert color="red">{describeError(schema.error)}</Alert>;
  return <Fields props={props} params={methodParams(schema.data, `${props.method} ${props.path}`)} />;
}
