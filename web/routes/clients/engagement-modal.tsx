import { Checkbox, Modal, MultiSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { EngagementTypeLabels } from '../../../contract/timeline.js';
import { api } from '../../api/client.js';
import { keys, useContactList } from '../../api/queries.js';
import type { ClientView, EngagementType, EngagementView } from '../../api/types.js';
import { fromLocalInput, toLocalInput } from '../../components/dates.js';
import { FormActions } from '../../components/form-actions.js';
import { useCan } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { useMemberOptions } from '../../components/pickers.js';
import { RichTextEditor } from '../../components/rich-text-editor.js';
import { htmlToPlain, plainToHtml } from '../../components/rich-text-format.js';
import { showServerErrors } from '../../components/server-errors.js';

const TITLE_HINTS: Record<EngagementType, string> = {
  note: 'Such as Renewal risk: budget freeze',
  call: 'Such as Check-in call with Ada',
  meeting: 'Such as Quarterly business review',
  email: 'Such as Sent the renewal quote',
};

export type EngagementDraft = { kind: 'create'; type: EngagementType } | { kind: 'edit'; entry: EngagementView };

const blank = { title: '', body: '', occurredAt: '', pinned: false, contactIds: [] as string[], membershipIds: [] as string[] };

/** Logging a note, call, meeting or email on a client's timeline, or editing one. */
export function EngagementModal({ client, draft, onClose }: { client: ClientView; draft: EngagementDraft | null; onClose: () => void }) {
  const can = useCan();
  const queryClient = useQueryClient();
  const opened = draft !== null;
  const type = draft?.kind === 'create' ? draft.type : (draft?.entry.type ?? 'note');
  const label = EngagementTypeLabels[type].toLowerCase();
  const contacts = useContactList({ clientId: client.id, limit: 200 }, opened && can('contact:read'));
  const members = useMemberOptions(opened);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: blank,
    validate: { title: (v) => (v.trim() ? null : 'Give it a short title, so the timeline reads at a glance') },
  });

  useEffect(() => {
    if (!draft) return;
    if (draft.kind === 'edit') {
      const { entry } = draft;
      form.setValues({
        title: entry.title,
        body: htmlToPlain(entry.bodyHtml),
        occurredAt: toLocalInput(entry.occurredAt),
        pinned: entry.pinned,
        contactIds: entry.participants.filter((p) => p.type === 'contact').map((p) => p.id),
        membershipIds: entry.participants.filter((p) => p.type === 'member').map((p) => p.id),
      });
    } else {
      form.setValues({ ...blank, occurredAt: toLocalInput(new Date().toISOString()) });
    }
    form.resetDirty();
    form.clearErrors();
    setFormError(null);
    // Reset when the dialog opens for another entry or type.
  }, [draft]);

  const save = useMutation({
    mutationFn: (values: typeof blank) => {
      const occurredAt = fromLocalInput(values.occurredAt);
      const body = {
        title: values.title.trim(),
        bodyHtml: plainToHtml(values.body),
        pinned: values.pinned,
        participants: { contactIds: values.contactIds, membershipIds: values.membershipIds },
        ...(occurredAt ? { occurredAt } : {}),
      };
      return draft?.kind === 'edit'
        ? api.patch<EngagementView>(`/api/v1/timeline/${encodeURIComponent(draft.entry.id)}`, body)
        : api.post<EngagementView>(`/api/v1/clients/${encodeURIComponent(client.id)}/timeline`, { type, ...body });
    },
    onMutate: () => setFormError(null),
    onSuccess: () => {
      notifySuccess(draft?.kind === 'edit' ? `The ${label} is saved.` : `The ${label} is on ${client.name}’s timeline.`);
      // The entry changes the timeline, the client's last touch and the grid's "last touch" column.
      void queryClient.invalidateQueries({ queryKey: keys.clients });
      onClose();
    },
    onError: (err) => setFormError(showServerErrors(form, err, { bodyHtml: 'body', occurredAt: 'occurredAt' })),
  });

  const contactOptions = (contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
  // Participants of an older entry may no longer be linked; keep them choosable so saving does not drop them.
  const hiddenCount = draft?.kind === 'edit' ? draft.entry.hiddenParticipants : 0;
  const extraContacts = draft?.kind === 'edit' ? draft.entry.participants.filter((p) => p.type === 'contact' && !contactOptions.some((o) => o.value === p.id)) : [];

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={draft?.kind === 'edit' ? `Edit ${label}` : `Log ${type === 'email' ? 'an' : 'a'} ${label} for ${client.name}`}
      centered
      size="xl"
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Title" required data-autofocus placeholder={TITLE_HINTS[type]} style={{ gridColumn: 'span 2' }} {...form.getInputProps('title')} />
            <TextInput label="When" type="datetime-local" {...form.getInputProps('occurredAt')} />
          </SimpleGrid>
          <RichTextEditor label="Note" value={form.values.body} onChange={(v) => form.setFieldValue('body', v)} error={form.errors.body} />
          {type !== 'note' || form.values.contactIds.length > 0 || form.values.membershipIds.length > 0 ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <MultiSelect
                label="Contacts who took part"
                description={hiddenCount > 0 ? `Also ${hiddenCount} ${hiddenCount === 1 ? 'contact' : 'contacts'} outside your book, kept as they are.` : undefined}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                placeholder={contactOptions.length === 0 && extraContacts.length === 0 ? 'No contacts linked to this client' : 'Choose contacts'}
                searchable
                data={[...contactOptions, ...extraContacts.map((p) => ({ value: p.id, label: p.name }))]}
                {...form.getInputProps('contactIds')}
              />
              <MultiSelect label="Your team" placeholder="Choose members" searchable data={members} {...form.getInputProps('membershipIds')} />
            </SimpleGrid>
          ) : null}
          <Checkbox
            label="Pin to the top"
            description="A pinned entry works as a summary: it stays above the timeline and on the client’s overview."
            {...form.getInputProps('pinned', { type: 'checkbox' })}
          />
          <FormActions error={formError} onCancel={onClose} submitLabel={draft?.kind === 'edit' ? 'Save changes' : `Save ${label}`} loading={save.isPending} fieldLabels={{ bodyHtml: 'Note', title: 'Title' }} />
        </Stack>
      </form>
    </Modal>
  );
}
