import { Checkbox, Modal, Select, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { CustomFieldTypeLabels } from '../../../contract/custom-fields.js';
import { api } from '../../api/client.js';
import type { CustomFieldType, CustomFieldView } from '../../api/types.js';
import { FormActions } from '../../components/form-actions.js';
import { notifySuccess } from '../../components/notify.js';
import { showServerErrors } from '../../components/server-errors.js';

const TYPE_HINTS: Record<CustomFieldType, string> = {
  text: 'A line of text, such as a plan name.',
  number: 'A number, such as the count of seats.',
  currency: 'An amount of money in one currency, such as ARR.',
  date: 'A day, such as the renewal date.',
  single_select: 'One choice from a list you define.',
  multi_select: 'Several choices from a list you define.',
  boolean: 'Yes or no.',
  url: 'A link, such as the client’s admin portal.',
};

const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'INR', 'BRL'];

const blank = { label: '', key: '', type: 'text' as CustomFieldType, options: [] as string[], currency: 'USD', required: false };

/** Adding a field (type, options, currency) or editing one (label, options, required). */
export function CustomFieldModal({
  opened,
  onClose,
  entity,
  field,
}: {
  opened: boolean;
  onClose: () => void;
  entity: 'client' | 'contact';
  field: CustomFieldView | null;
}) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: blank,
    validate: {
      label: (v) => (v.trim() ? null : 'Name the field'),
      key: (v) => (!v || /^[a-z][a-z0-9_]{0,39}$/.test(v) ? null : 'Start with a letter; use a–z, 0–9 and _ only'),
      options: (v, values) => ((values.type === 'single_select' || values.type === 'multi_select') && v.length === 0 ? 'Add at least one option' : null),
      currency: (v, values) => (values.type === 'currency' && !/^[A-Z]{3}$/.test(v) ? 'Choose a three-letter currency code' : null),
    },
  });

  useEffect(() => {
    if (!opened) return;
    form.setValues(field ? { label: field.label, key: field.key, type: field.type, options: field.options, currency: field.currency ?? 'USD', required: field.required } : blank);
    form.resetDirty();
    form.clearErrors();
    setFormError(null);
    // Reset when the dialog opens for another field.
  }, [opened, field?.id]);

  const save = useMutation({
    mutationFn: (v: typeof blank) => {
      const isSelect = v.type === 'single_select' || v.type === 'multi_select';
      return field
        ? api.patch<CustomFieldView>(`/api/v1/custom-fields/${encodeURIComponent(field.id)}`, { label: v.label.trim(), required: v.required, ...(isSelect ? { options: v.options } : {}) })
        : api.post<CustomFieldView>('/api/v1/custom-fields', {
            entity,
            label: v.label.trim(),
            ...(v.key ? { key: v.key } : {}),
            type: v.type,
            options: isSelect ? v.options : [],
            ...(v.type === 'currency' ? { currency: v.currency } : {}),
            required: v.required,
          });
    },
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      notifySuccess(field ? `${saved.label} is saved.` : `${saved.label} is added to every ${entity}.`);
      void queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
      // Custom fields are grid columns too.
      void queryClient.invalidateQueries({ queryKey: ['clients', 'columns'] });
      onClose();
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  const type = form.values.type;
  const isSelect = type === 'single_select' || type === 'multi_select';
  return (
    <Modal opened={opened} onClose={onClose} title={field ? `Edit ${field.label}` : `Add a ${entity} field`} centered size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput label="Label" placeholder="Such as Renewal date" required data-autofocus {...form.getInputProps('label')} />
            <Select
              label="Type"
              allowDeselect={false}
              disabled={field !== null}
              description={field ? 'The type cannot change once values exist.' : TYPE_HINTS[type]}
              data={Object.entries(CustomFieldTypeLabels).map(([value, label]) => ({ value, label }))}
              {...form.getInputProps('type')}
            />
          </SimpleGrid>
          {field ? (
            <Text size="sm" c="dimmed">
              Key{' '}
              <Text span ff="monospace" size="sm">
                {field.key}
              </Text>
              : the name used in filters, imports and the API. It cannot change.
            </Text>
          ) : (
            <TextInput
              label="Key (optional)"
              description="The name used in filters, imports and the API. Made from the label when left empty; it cannot change later."
              placeholder="renewal_date"
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              {...form.getInputProps('key')}
            />
          )}
          {isSelect ? (
            <TagsInput
              label="Options"
              description={field ? 'An option still used by a record cannot be removed.' : 'Type each choice and press Enter.'}
              placeholder="Add an option"
              {...form.getInputProps('options')}
            />
          ) : null}
          {type === 'currency' && !field ? (
            <Select
              label="Currency"
              description="Amounts are kept exactly, in cents (or the currency’s smallest unit)."
              searchable
              data={COMMON_CURRENCIES}
              w={200}
              {...form.getInputProps('currency')}
            />
          ) : null}
          {type === 'currency' && field ? (
            <Text size="sm" c="dimmed">
              Currency: {field.currency}
            </Text>
          ) : null}
          <Checkbox label="Required" description="A record cannot be saved without it. Imports report rows that leave it empty." {...form.getInputProps('required', { type: 'checkbox' })} />
          <FormActions error={formError} onCancel={onClose} submitLabel={field ? 'Save field' : 'Add field'} loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
