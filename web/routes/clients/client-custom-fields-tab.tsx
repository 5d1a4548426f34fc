import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconForms } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { keys, useCustomFields } from '../../api/queries.js';
import type { ClientView, CustomFieldView } from '../../api/types.js';
import { CustomFieldInput, customApiValues, customFormValues, type CustomFormValue } from '../../components/custom-field-input.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { FormError } from '../../components/form-error.js';
import { useCan } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { QueryState } from '../../components/query-state.js';
import { showServerErrors } from '../../components/server-errors.js';

export function ClientCustomFieldsTab({ client }: { client: ClientView }) {
  const can = useCan();
  const fields = useCustomFields('client');
  return (
    <QueryState query={fields}>
      {(data) =>
        data.items.length === 0 ? (
          <EmptyStateCard
            icon={<IconForms size={28} />}
            title="No custom fields yet"
            description="Custom fields hold what your team tracks beyond the standard ones: ARR, renewal date, plan, segment."
            actions={
              can('customfield:manage') ? (
                <Button component={Link} to="/settings/custom-fields" variant="light">
                  Set up custom fields
                </Button>
              ) : undefined
            }
          />
        ) : (
          <CustomFieldsForm client={client} fields={data.items} />
        )
      }
    </QueryState>
  );
}

function CustomFieldsForm({ client, fields }: { client: ClientView; fields: CustomFieldView[] }) {
  const can = useCan();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const stored = customFormValues(fields, client.customFields);
  const form = useForm<{ customFields: Record<string, CustomFormValue> }>({ initialValues: { customFields: stored } });

  useEffect(() => {
    form.setValues({ customFields: stored });
    form.resetDirty({ customFields: stored });
    // Follow the stored values when the client reloads after a save.
  }, [client.updatedAt, fields.length]);

  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.patch<ClientView>(`/api/v1/clients/${encodeURIComponent(client.id)}`, { customFields: customApiValues(fields, values.customFields, stored) }),
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      notifySuccess(`Custom fields of ${saved.name} are saved.`);
      queryClient.setQueryData(keys.client(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: keys.clients });
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  return (
    <Card withBorder radius="md" padding="lg" maw={880}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {fields.map((field) => (
              <CustomFieldInput
                key={field.id}
                field={field}
                readOnly={!client.canEdit}
                value={form.values.customFields[field.key] ?? null}
                onChange={(v) => form.setFieldValue('customFields', { ...form.values.customFields, [field.key]: v })}
                error={form.errors[`customFields.${field.key}`]}
              />
            ))}
          </SimpleGrid>
          <FormError error={formError} />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {can('customfield:manage') ? (
                <>
                  Fields are set up in{' '}
                  <Anchor component={Link} to="/settings/custom-fields" size="xs">
                    Settings → Custom fields
                  </Anchor>
                  .
                </>
              ) : (
                'An admin decides which custom fields there are.'
              )}
            </Text>
            {client.canEdit ? (
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                Save custom fields
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                You can read these, not change them.
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
