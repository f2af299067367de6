/** The create or edit form of a resource in a dialog (full screen on a phone); an edit loads the section first. */
import { Alert, Loader, Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { describeError } from '../api/client';
import { useItem } from '../api/queries';
import type { SchemaKind } from '../api/schema';
import { ResourceForm, type ParentRef } from '../forms/ResourceForm';
import type { ResourceDef } from '../resources/registry';

export interface FormTarget {
  readonly def: ResourceDef;
  readonly parent?: ParentRef;
  /** the id to edit; absent to create */
  readonly id?: string;
}

function EditForm({ target, kind, id, onClose }: { readonly target: FormTarget; readonly kind: SchemaKind; readonly id: string; onClose(): void }) {
  const item = useItem(target.def, id, target.parent?.id);
  if (item.isPending) return <Loader size="sm" />;
  if (item.isError) return <Alert color="red">{describeError(item.error)}</Alert>;
  return <ResourceForm def={target.def} kind={kind} {...(target.parent ? { parent: target.parent } : {})} row={item.data} onDone={onClose} />;
}

export function FormModal({ target, kind, onClose }: { readonly target: FormTarget; readonly kind: SchemaKind; onClose(): void }) {
  const phone = useMediaQuery('(max-width: 48em)');
  const { def, parent, id } = target;
  const title = id ? `Edit ${def.noun} ${id}` : `Create ${def.noun}${parent ? ` in ${parent.id}` : ''}`;
  return (
    <Modal opened onClose={onClose} title={title} size="xl" fullScreen={phone === true}>
      {id ? (
        <EditForm target={target} kind={kind} id={id} onClose={onClose} />
      ) : (
        <ResourceForm def={def} kind={kind} {...(parent ? { parent } : {})} onDone={onClose} />
      )}
    </Modal>
  );
}
