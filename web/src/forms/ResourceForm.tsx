/**
 * The create/edit form of any resource, generated from its section kind:
 * a type choice (create only), the id, then the fields of that type. The
 * server validates; its per-parameter reasons appear at their fields and
 * anything it names outside the form above the buttons.
 */
import { Alert, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, type ParamValue } from '../api/client';
import { useRefreshSdn } from '../api/queries';
import type { SchemaKind } from '../api/schema';
import type { SectionRow } from '../api/types';
import type { ResourceDef, TypeChoice } from '../resources/registry';
import { FieldInput } from './FieldInput';
import { fieldsFor, labelOf } from './fields';
import { formFields, FormFooter, useRefusal } from './ServerErrors';
import { changes, initialValues, type FormValues } from './values';

/** The object a resource lives under: the VNet of a subnet, the fabric of a fabric node. */
export interface ParentRef {
  readonly id: string;
  readonly row: SectionRow;
}

export interface ResourceFormProps {
  readonly def: ResourceDef;
  readonly kind: SchemaKind;
  readonly parent?: ParentRef;
  /** the section as edited now (edit), absent to create */
  readonly row?: SectionRow;
  onDone(): void;
}

function Fields({ def, kind, parent, row, choice, onDone }: ResourceFormProps & { readonly choice: TypeChoice }) {
  const editing = row !== undefined;
  const parentId = parent?.id;
  const fields = useMemo(() => fieldsFor(kind, choice.sectionType, def.hidden), [kind, choice, def.hidden]);
  const idField = def.idParam;
  const idPart = def.idPart;
  const form = useForm<FormValues>({
    initialValues: { ...initialValues(fields, row), [idField]: row ? String(row[idField] ?? '') : '', ...(idPart ? { [idPart.name]: row ? String(row[idPart.name] ?? '') : '' } : {}) },
  });
  const refresh = useRefreshSdn();
  const idLabel = labelOf(idField === 'id' ? `${def.noun} id` : idField);
  const idFields = editing ? [] : [{ name: idField, label: idLabel }, ...(idPart ? [{ name: idPart.name, label: labelOf(idPart.name) }] : [])];
  const { refusal, formRef, refused, submit } = useRefusal(form, [...idFields, ...formFields(fields)]);

  const save = useMutation({
    mutationFn: async (values: FormValues) => {
      const { params, remove } = changes(fields, values, row);
      const id = String(values[idField] ?? '').trim();
      if (editing) {
        const digest = typeof row.digest === 'string' ? row.digest : undefined;
        const extra: Record<string, ParamValue> = { ...(def.updateWithChoice ? choice.params : {}), ...(remove.length ? { delete: remove.join(',') } : {}), ...(digest ? { digest } : {}) };
        await api.put(def.item(def.idOf(row), parentId), { ...params, ...extra });
      } else {
        const part = idPart ? { [idPart.name]: String(values[idPart.name] ?? '').trim() } : {};
        await api.post(def.list(parentId), { ...choice.params, [idField]: id, ...part, ...params });
      }
    },
    onSuccess: async () => {
      await refresh();
      onDone();
    },
    onError: refused,
  });

  return (
    <form ref={formRef} onSubmit={submit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        <TextInput
          label={idLabel}
          description={(def.idSchema ?? kind.idSchema).description}
          withAsterisk
          disabled={editing}
          data-field={idField}
          {...form.getInputProps(idField)}
        />
        {idPart ? (
          <TextInput
            label={labelOf(idPart.name)}
            description={idPart.schema.description}
            withAsterisk
            inputMode="numeric"
            disabled={editing}
            data-field={idPart.name}
            {...form.getInputProps(idPart.name)}
          />
        ) : null}
        {fields.map((f) => (
          <FieldInput key={`${choice.sectionType}:${f.name}`} form={form} field={f} />
        ))}
        <FormFooter refusal={refusal} submitLabel={editing ? 'Save' : 'Create'} busy={save.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

export function ResourceForm(props: ResourceFormProps) {
  const { def, kind, parent, row } = props;
  const choices = def.choices(kind, parent?.row);
  const fixed = row ? def.choiceOf(row, kind) : undefined;
  const [picked, setPicked] = useState<string | null>(choices[0]?.sectionType ?? null);
  const choice = fixed ?? choices.find((c) => c.sectionType === picked);
  if (!choice) return <Alert color="red">No {def.noun} type is known for this row; reload the page.</Alert>;
  return (
    <Stack gap="sm">
      {choices.length > 1 && !row ? (
        <Select
          label={Object.keys(choice.params)[0] === 'protocol' ? 'Protocol' : 'Type'}
          data={choices.map((c) => ({ value: c.sectionType, label: c.label }))}
          value={picked}
          onChange={setPicked}
          allowDeselect={false}
          data-field={Object.keys(choice.params)[0]}
        />
      ) : null}
      {/* a new type has other fields: start its form afresh */}
      <Fields key={choice.sectionType} {...props} choice={choice} />
    </Stack>
  );
}
