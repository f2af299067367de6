/** One generated form field: the widget its schema calls for, with the server's message under it. */
import { ActionIcon, Autocomplete, Button, Checkbox, Fieldset, Group, MultiSelect, PasswordInput, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ComponentProps } from 'react';
import type { PropertySchema, PropertyStringSchema } from '../../../src/model/property-schema';
import { useReferenceNames } from '../api/queries';
import type { ResourceKey } from '../resources/registry';
import { labelOf, singular, type FieldSpec } from './fields';
import type { RecordValue } from './property-string';
import { formatWords } from './format-words';
import type { FormValues } from './values';

type Form = UseFormReturnType<FormValues>;

/** What the schema allows, as a hint under the field. */
function hint(schema: PropertySchema): string {
  const parts = [schema.description];
  if (schema.type === 'integer' && (schema.minimum !== undefined || schema.maximum !== undefined)) parts.push(`(${schema.minimum ?? '…'} – ${schema.maximum ?? '…'})`);
  const words = schema.type === 'string' ? formatWords(schema.format) : undefined;
  if (words) parts.push(words);
  if ('default' in schema && schema.default !== undefined) parts.push(`Default: ${String(schema.default)}.`);
  return parts.join(' ');
}

function ReferenceInput({ source, ...props }: { readonly source: ResourceKey | 'nodes' } & ComponentProps<typeof Autocomplete>) {
  const names = useReferenceNames(source);
  return <Autocomplete data={[...names]} {...props} />;
}

/** Node names picked from the cluster's nodes; a name the config has that no node answers to stays listed. */
function NodeListInput({ value, ...props }: { readonly value: readonly string[] } & Omit<ComponentProps<typeof MultiSelect>, 'value' | 'data'>) {
  const names = useReferenceNames('nodes');
  return <MultiSelect data={[...new Set([...names, ...value])]} value={[...value]} searchable clearable placeholder={value.length ? undefined : 'Pick nodes'} nothingFoundMessage="No such node" {...props} />;
}

/**
 * One key of a property string; the whole string is checked by the server.
 * In a list of them (`compact`) the keys are described once, above the rows.
 */
function KeyInput({ form, path, name, schema, compact }: { readonly form: Form; readonly path: string; readonly name: string; readonly schema: PropertySchema; readonly compact: boolean }) {
  const props = { label: labelOf(name), withAsterisk: !schema.optional, 'data-field': path, ...(compact ? {} : { description: schema.description }) };
  if (schema.type === 'string' && schema.enum) return <Select data={[...schema.enum]} clearable={schema.optional === true} {...props} {...form.getInputProps(path)} />;
  if (schema.type === 'boolean') {
    const p = form.getInputProps(path);
    return <Checkbox label={labelOf(name)} {...(compact ? {} : { description: schema.description })} checked={p.value === '1'} onChange={(e) => form.setFieldValue(path, e.currentTarget.checked ? '1' : '')} data-field={path} />;
  }
  return <TextInput {...props} {...form.getInputProps(path)} />;
}

function RecordInputs({ form, path, keys, compact }: { readonly form: Form; readonly path: string; readonly keys: PropertyStringSchema; readonly compact: boolean }) {
  return (
    // two keys a row on a phone, all in one row from a tablet up
    <SimpleGrid cols={{ base: 2, sm: Math.min(Object.keys(keys).length, 5) }} spacing="xs">
      {Object.entries(keys).map(([k, s]) => (
        <KeyInput key={k} form={form} path={`${path}.${k}`} name={k} schema={s} compact={compact} />
      ))}
    </SimpleGrid>
  );
}

function RecordsInput({ form, field, keys }: { readonly form: Form; readonly field: FieldSpec; readonly keys: PropertyStringSchema }) {
  const rows = (form.getValues()[field.name] as readonly RecordValue[] | undefined) ?? [];
  const error = form.errors[field.name];
  return (
    <Fieldset legend={labelOf(field.name)} data-field={field.name}>
      <Text size="xs" c="dimmed" mb="xs">
        {field.schema.description} {Object.entries(keys).map(([k, schema]) => `${labelOf(k)}: ${schema.description}`).join(' · ')}
      </Text>
      <Stack gap="xs">
        {rows.map((_, i) => (
          <Group key={i} align="flex-end" wrap="nowrap">
            <div style={{ flex: 1, minWidth: 0 }}>
              <RecordInputs form={form} path={`${field.name}.${i}`} keys={keys} compact />
            </div>
            <ActionIcon variant="subtle" color="red" aria-label={`remove ${field.name} ${i + 1}`} onClick={() => form.removeListItem(field.name, i)}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem(field.name, {})} style={{ alignSelf: 'flex-start' }}>
          Add {singular(field.name)}
        </Button>
        {error ? (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        ) : null}
      </Stack>
    </Fieldset>
  );
}

export function FieldInput({ form, field }: { readonly form: Form; readonly field: FieldSpec }) {
  const common = { label: labelOf(field.name), description: hint(field.schema), withAsterisk: field.required, 'data-field': field.name };
  const input = form.getInputProps(field.name);
  const w = field.widget;
  switch (w.kind) {
    case 'boolean':
      return <Switch {...common} {...form.getInputProps(field.name, { type: 'checkbox' })} />;
    case 'integer':
      // plain text: the server checks the range and answers with its own message at the field
      return <TextInput inputMode="numeric" {...common} {...input} />;
    case 'enum':
      return <Select data={[...w.options]} clearable={!field.required} {...common} {...input} />;
    case 'reference':
      return <ReferenceInput source={w.source} {...common} {...input} />;
    case 'node-list':
      return <NodeListInput {...common} {...input} value={(input.value as readonly string[] | undefined) ?? []} />;
    case 'list':
      return <TagsInput {...common} {...input} placeholder="Enter a value, then Enter" />;
    case 'record': {
      const error = form.errors[field.name];
      return (
        <Fieldset legend={labelOf(field.name)} data-field={field.name}>
          <RecordInputs form={form} path={field.name} keys={w.keys} compact={false} />
          {error ? (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          ) : null}
        </Fieldset>
      );
    }
    case 'records':
      return <RecordsInput form={form} field={field} keys={w.keys} />;
    case 'text':
      return w.secret ? <PasswordInput {...common} {...input} /> : <TextInput {...common} {...input} />;
  }
}
