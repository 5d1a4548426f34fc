import { Checkbox, Modal, Select, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ClientStatusLabels } from '../../../contract/clients.js';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { BulkUpdateResult } from '../../api/types.js';
import { FormActions } from '../../components/form-actions.js';
import { notifySuccess } from '../../components/notify.js';
import { useMemberOptions, useSalesRepOptions } from '../../components/pickers.js';

/** A select value meaning "set it to nobody", as opposed to leaving the field alone (null). */
const NOBODY = '__none';

const blank = { status: null as string | null, tier: '', clearTier: false, csm: null as string | null, salesRep: null as string | null, addTags: [] as string[], removeTags: [] as string[] };

type BulkSet = {
  status?: string;
  tier?: string | null;
  csmMembershipId?: string | null;
  salesRepId?: string | null;
  addTags?: string[];
  removeTags?: string[];
};

function setOf(values: typeof blank): BulkSet {
  const set: BulkSet = {};
  if (values.status) set.status = values.status;
  if (values.clearTier) set.tier = null;
  else if (values.tier.trim()) set.tier = values.tier.trim();
  if (values.csm) set.csmMembershipId = values.csm === NOBODY ? null : values.csm;
  if (values.salesRep) set.salesRepId = values.salesRep === NOBODY ? null : values.salesRep;
  if (values.addTags.length > 0) set.addTags = values.addTags;
  if (values.removeTags.length > 0) set.removeTags = values.removeTags;
  return set;
}

interface BulkEditModalProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly ids: readonly string[];
  readonly onDone: (result: BulkUpdateResult) => void;
}

/** One change to many clients at once; fields left empty are not touched. */
export function BulkEditModal({ opened, onClose, ids, onDone }: BulkEditModalProps) {
  const queryClient = useQueryClient();
  const members = useMemberOptions(opened);
  const reps = useSalesRepOptions(opened);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({ initialValues: blank });

  useEffect(() => {
    if (!opened) return;
    form.setValues(blank);
    setFormError(null);
    // Start clean each time the dialog opens.
  }, [opened]);

  const set = setOf(form.values);
  const apply = useMutation({
    mutationFn: () => api.post<BulkUpdateResult>('/api/v1/clients/bulk-update', { ids, set }),
    onMutate: () => setFormError(null),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: keys.clients });
      notifySuccess(`${result.updated} ${result.updated === 1 ? 'client' : 'clients'} updated${result.skipped.length > 0 ? `, ${result.skipped.length} skipped` : ''}.`);
      onDone(result);
      onClose();
    },
    onError: (err) => setFormError(err),
  });
  const count = `${ids.length} ${ids.length === 1 ? 'client' : 'clients'}`;

  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${count}`} centered size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          apply.mutate();
        }}
        noValidate
      >
        <Stack>
          <Text size="sm" c="dimmed">
            Fill in only what should change. Everything left empty stays as it is on each client.
          </Text>
          <SimpleGrid cols={2}>
            <Select
              label="Status"
              placeholder="Leave unchanged"
              clearable
              data={(['active', 'trial', 'inactive'] as const).map((s) => ({ value: s, label: ClientStatusLabels[s] }))}
              description="To terminate, open each client: it needs a date and a reason."
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              {...form.getInputProps('status')}
            />
            <Stack gap={4}>
              <TextInput label="Tier" placeholder="Leave unchanged" disabled={form.values.clearTier} {...form.getInputProps('tier')} />
              <Checkbox size="xs" label="Remove the tier" {...form.getInputProps('clearTier', { type: 'checkbox' })} />
            </Stack>
            <Select label="CSM" placeholder="Leave unchanged" clearable searchable data={[{ value: NOBODY, label: 'No CSM' }, ...members]} {...form.getInputProps('csm')} />
            <Select label="Sales rep" placeholder="Leave unchanged" clearable searchable data={[{ value: NOBODY, label: 'No sales rep' }, ...reps]} {...form.getInputProps('salesRep')} />
            <TagsInput label="Add tags" placeholder="Type and press Enter" {...form.getInputProps('addTags')} />
            <TagsInput label="Remove tags" placeholder="Type and press Enter" {...form.getInputProps('removeTags')} />
          </SimpleGrid>
          <FormActions error={formError} onCancel={onClose} submitLabel={`Apply to ${count}`} loading={apply.isPending} disabled={Object.keys(set).length === 0} />
        </Stack>
      </form>
    </Modal>
  );
}
