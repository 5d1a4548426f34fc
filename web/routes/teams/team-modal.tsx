import { Modal, MultiSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RoleLabels } from '../../../contract/common.js';
import { api } from '../../api/client.js';
import { keys, useMembers } from '../../api/queries.js';
import type { TeamView } from '../../api/types.js';
import { FormActions } from '../../components/form-actions.js';
import { notifySuccess } from '../../components/notify.js';
import { showServerErrors } from '../../components/server-errors.js';

export function TeamModal({ opened, onClose, team }: { opened: boolean; onClose: () => void; team: TeamView | null }) {
  const queryClient = useQueryClient();
  const members = useMembers(opened);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({ initialValues: { name: '', membershipIds: [] as string[] }, validate: { name: (v) => (v.trim() ? null : 'Name the team') } });

  useEffect(() => {
    if (!opened) return;
    form.setValues(team ? { name: team.name, membershipIds: team.members.map((m) => m.id) } : { name: '', membershipIds: [] });
    form.resetDirty();
    form.clearErrors();
    setFormError(null);
    // Reset when the dialog opens for another team.
  }, [opened, team?.id]);

  const save = useMutation({
    mutationFn: (v: typeof form.values) => {
      const body = { name: v.name.trim(), membershipIds: v.membershipIds };
      return team ? api.patch<TeamView>(`/api/v1/teams/${encodeURIComponent(team.id)}`, body) : api.post<TeamView>('/api/v1/teams', body);
    },
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      notifySuccess(team ? `${saved.name} is saved.` : `${saved.name} is created.`);
      void queryClient.invalidateQueries({ queryKey: keys.teams });
      // Who sees which clients may have changed.
      void queryClient.invalidateQueries({ queryKey: keys.clients });
      onClose();
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  const data = (members.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name} (${RoleLabels[m.role]})` }));
  return (
    <Modal opened={opened} onClose={onClose} title={team ? `Edit ${team.name}` : 'New team'} centered>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <TextInput label="Team name" placeholder="Such as EMEA or Enterprise" required data-autofocus {...form.getInputProps('name')} />
          <MultiSelect
            label="Members"
            description="Add the manager and the CSMs they lead. Someone can be in several teams."
            placeholder={form.values.membershipIds.length === 0 ? 'Choose members' : undefined}
            searchable
            data={data}
            {...form.getInputProps('membershipIds')}
          />
          <FormActions error={formError} onCancel={onClose} submitLabel={team ? 'Save team' : 'Create team'} loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
