/**
 * One resource's list: every section with its pending state and its main
 * properties, with create, edit and delete. Rows can be selected when the
 * resource has children (the subnets of a VNet, the nodes of a fabric).
 */
import { Alert, Button, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearch } from 'wouter';
import { describeError } from '../api/client';
import { useRows } from '../api/queries';
import { kindOf, useSdnSchema } from '../api/schema';
import type { SectionRow } from '../api/types';
import { ConfirmDelete } from '../components/ConfirmDelete';
import { PendingBadge } from '../components/PendingBadge';
import { usePaging } from '../components/Paging';
import { RowActions } from '../components/RowActions';
import { ValueCell } from '../components/ValueCell';
import { ValueLegend } from '../components/ValueLegend';
import type { ParentRef } from '../forms/ResourceForm';
import { labelOf, schemaIn } from '../forms/fields';
import type { ResourceDef } from '../resources/registry';
import { FormModal, type FormTarget } from './FormModal';

export interface ResourcePanelProps {
  readonly def: ResourceDef;
  readonly parent?: ParentRef;
  readonly selected?: string;
  onSelect?(row: SectionRow): void;
}

/** The actions column stays at the right edge when a narrow screen scrolls the table sideways. */
const STICKY_END = { position: 'sticky', right: 0, background: 'var(--mantine-color-body)' } as const;

export function ResourcePanel({ def, parent, selected, onSelect }: ResourcePanelProps) {
  const schema = useSdnSchema();
  const rows = useRows(def, parent?.id);
  const [form, setForm] = useState<FormTarget | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const title = parent ? `${def.title} of ${parent.id}` : def.title;
  // a top-level list starts filtered when a link asks for one item (`?filter=`, from the topology)
  const linked = new URLSearchParams(useSearch()).get('filter') ?? '';
  const { visible, controls } = usePaging(rows.data ?? [], def.idOf, parent ? '' : linked);

  if (schema.isError) return <Alert color="red">{describeError(schema.error)}</Alert>;
  const kind = schema.data ? kindOf(schema.data, def.kind) : undefined;
  return (
    <Stack gap="sm" data-panel={def.key}>
      <Group justify="space-between" wrap="nowrap">
        <Title order={3}>{title}</Title>
        <Button leftSection={<IconPlus size={16} />} disabled={!kind} onClick={() => setForm({ def, ...(parent ? { parent } : {}) })}>
          Add {def.noun}
        </Button>
      </Group>
      {rows.isError ? <Alert color="red">{describeError(rows.error)}</Alert> : null}
      {rows.isPending ? (
        <Loader size="sm" />
      ) : rows.data?.length === 0 ? (
        <Text c="dimmed" size="sm">
          No {def.title.toLowerCase()} yet.
        </Text>
      ) : (
        <>
          {controls}
          {rows.data?.some((r) => r.state !== undefined) ? <ValueLegend /> : null}
          <Table.ScrollContainer minWidth={520}>
            <Table highlightOnHover={onSelect !== undefined} verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{labelOf(def.idParam === 'id' ? 'name' : def.idParam)}</Table.Th>
                  <Table.Th>State</Table.Th>
                  {def.columns.map((c) => (
                    <Table.Th key={c}>{labelOf(c)}</Table.Th>
                  ))}
                  <Table.Th style={STICKY_END} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {visible.map((row) => {
                  const id = def.idOf(row);
                  const sectionType = kind ? def.choiceOf(row, kind)?.sectionType : undefined;
                  return (
                    <Table.Tr
                      key={id}
                      data-row={id}
                      bg={selected === id ? 'var(--mantine-primary-color-light)' : undefined}
                      style={onSelect ? { cursor: 'pointer' } : undefined}
                      onClick={onSelect ? () => onSelect(row) : undefined}
                    >
                      <Table.Td fw={500}>{id}</Table.Td>
                      <Table.Td>
                        <PendingBadge row={row} />
                      </Table.Td>
                      {def.columns.map((c) => (
                        <Table.Td key={c}>
                          <ValueCell row={row} name={c} schema={kind ? schemaIn(kind, sectionType, c) : undefined} />
                        </Table.Td>
                      ))}
                      <Table.Td onClick={(e) => e.stopPropagation()} style={STICKY_END}>
                        {row.state === 'deleted' ? null : (
                          <RowActions name={id} onEdit={() => setForm({ def, id, ...(parent ? { parent } : {}) })} onDelete={() => setDeleting(id)} />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      {form && kind ? <FormModal target={form} kind={kind} onClose={() => setForm(null)} /> : null}
      {deleting ? (
        <Modal opened onClose={() => setDeleting(null)} title={`Delete ${def.noun} ${deleting}?`}>
          <ConfirmDelete
            path={def.item(deleting, parent?.id)}
            explanation={def.applied ? 'The deletion is pending until the next Apply.' : 'The deletion takes effect at once.'}
            onDone={() => setDeleting(null)}
          />
        </Modal>
      ) : null}
    </Stack>
  );
}
