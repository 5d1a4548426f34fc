import { Badge, DataList, Divider, Group, MultiSelect, NumberInput, Select, SimpleGrid, Switch, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CustomFieldView } from '../api/types.js';
import { formatDay } from './dates.js';
import { ExternalLink } from './external-link.js';
import { formatMoney, minorDigits, toMajor, toMinor } from './money.js';

/** A custom field's value as a form holds it: text as '', numbers in major units, lists as arrays. */
export type CustomFormValue = string | number | boolean | string[] | null;

export function toFormValue(field: CustomFieldView, stored: unknown): CustomFormValue {
  switch (field.type) {
    case 'number':
      return typeof stored === 'number' ? stored : '';
    case 'currency':
      return typeof stored === 'number' ? toMajor(stored, field.currency ?? 'USD') : '';
    case 'boolean':
      return stored === true;
    case 'multi_select':
      return Array.isArray(stored) ? stored.map(String) : [];
    case 'single_select':
      return typeof stored === 'string' ? stored : null;
    default:
      return typeof stored === 'string' ? stored : '';
  }
}

/** The value the API takes; empty becomes null, which clears the field. */
export function toApiValue(field: CustomFieldView, value: CustomFormValue): string | number | boolean | string[] | null {
  if (value === null || value === '') return null;
  switch (field.type) {
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    case 'currency':
      return toMinor(typeof value === 'number' ? value : Number(value), field.currency ?? 'USD');
    case 'boolean':
      return value === true;
    case 'multi_select':
      return Array.isArray(value) && value.length > 0 ? value : null;
    default:
      return typeof value === 'string' ? value.trim() || null : String(value);
  }
}

/** Form values for every field, from what is stored. */
export function customFormValues(fields: readonly CustomFieldView[], stored: Record<string, unknown> = {}): Record<string, CustomFormValue> {
  return Object.fromEntries(fields.map((f) => [f.key, toFormValue(f, stored[f.key])]));
}

/** What to send: every field when creating, only changed ones when editing. */
export function customApiValues(
  fields: readonly CustomFieldView[],
  values: Record<string, CustomFormValue>,
  before?: Record<string, CustomFormValue>,
): Record<string, string | number | boolean | string[] | null> {
  const out: Record<string, string | number | boolean | string[] | null> = {};
  for (const field of fields) {
    const value = values[field.key] ?? null;
    if (before && JSON.stringify(before[field.key] ?? null) === JSON.stringify(value)) continue;
    const api = toApiValue(field, value);
    if (!before && api === null) continue;
    out[field.key] = api;
  }
  return out;
}

interface CustomFieldInputProps {
  readonly field: CustomFieldView;
  readonly value: CustomFormValue;
  readonly onChange: (value: CustomFormValue) => void;
  readonly error?: ReactNode;
  readonly readOnly?: boolean;
}

/** The input that fits a custom field's type; required fields say so in their label. */
export function CustomFieldInput({ field, value: raw, onChange, error, readOnly }: CustomFieldInputProps) {
  // A field added since the form was filled has no value yet; give it the empty value of its type.
  const value = raw ?? toFormValue(field, undefined);
  const label = field.required ? field.label : `${field.label} (optional)`;
  const common = { label, error, readOnly, required: field.required };
  switch (field.type) {
    case 'number':
      return <NumberInput {...common} value={value as number | string} onChange={(v) => onChange(v === '' ? '' : Number(v))} thousandSeparator="," />;
    case 'currency': {
      const currency = field.currency ?? 'USD';
      return (
        <NumberInput
          {...common}
          value={value as number | string}
          onChange={(v) => onChange(v === '' ? '' : Number(v))}
          decimalScale={minorDigits(currency)}
          thousandSeparator=","
          rightSection={
            <Text size="xs" c="dimmed">
              {currency}
            </Text>
          }
          rightSectionWidth={44}
        />
      );
    }
    case 'date':
      return <TextInput {...common} type="date" value={value as string} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'boolean':
      return <Switch label={field.label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} disabled={readOnly} error={error} mt="md" />;
    case 'single_select':
      return <Select {...common} data={field.options} value={(value as string | null) ?? null} onChange={(v) => onChange(v)} clearable searchable={field.options.length > 8} />;
    case 'multi_select':
      return <MultiSelect {...common} data={field.options} value={Array.isArray(value) ? value : []} onChange={(v) => onChange(v)} clearable />;
    case 'url':
      return <TextInput {...common} type="url" placeholder="https://" value={value as string} onChange={(e) => onChange(e.currentTarget.value)} />;
    default:
      return <TextInput {...common} value={value as string} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A stored custom-field value, read-only; a dimmed dash when empty. */
/**
 * The custom fields of a new or edited record, under their own divider in its form. `errors` are
 * the form's, keyed `customFields.<key>` as the server's validation names them.
 */
export function CustomFieldsSection({
  fields,
  values,
  onChange,
  errors,
}: {
  fields: readonly CustomFieldView[];
  values: Record<string, CustomFormValue>;
  onChange: (values: Record<string, CustomFormValue>) => void;
  errors: Record<string, ReactNode>;
}) {
  if (fields.length === 0) return null;
  return (
    <>
      <Divider label="Custom fields" labelPosition="left" />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {fields.map((field) => (
          <CustomFieldInput
            key={field.id}
            field={field}
            value={values[field.key] ?? null}
            onChange={(v) => onChange({ ...values, [field.key]: v })}
            error={errors[`customFields.${field.key}`]}
          />
        ))}
      </SimpleGrid>
    </>
  );
}

export function CustomFieldValue({ field, value }: { field: Pick<CustomFieldView, 'type' | 'currency'>; value: unknown }) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  }
  switch (field.type) {
    case 'currency':
      return <Text span size="sm">{typeof value === 'number' ? formatMoney(value, field.currency ?? 'USD') : String(value)}</Text>;
    case 'number':
      return <Text span size="sm">{typeof value === 'number' ? value.toLocaleString() : String(value)}</Text>;
    case 'date':
      return <Text span size="sm">{formatDay(String(value))}</Text>;
    case 'boolean':
      return <Text span size="sm">{value === true ? 'Yes' : 'No'}</Text>;
    case 'multi_select':
      return (
        <Group gap={4}>
          {(value as string[]).map((v) => (
            <Badge key={v} variant="light" color="gray" size="sm">
              {v}
            </Badge>
          ))}
        </Group>
      );
    case 'url':
      return isWebUrl(String(value)) ? (
        <ExternalLink href={String(value)} size="sm" style={{ wordBreak: 'break-all' }}>
          {String(value).replace(/^https?:\/\//, '')}
        </ExternalLink>
      ) : (
        <Text span size="sm">
          {String(value)}
        </Text>
      );
    default:
      return <Text span size="sm">{String(value)}</Text>;
  }
}

/** A record's custom fields as read-only label and value rows (its overview, a contact's page). */
export function CustomFieldList({ fields, values, labelWidth }: { fields: readonly CustomFieldView[]; values: Record<string, unknown>; labelWidth: number }) {
  return (
    <DataList size="sm" labelWidth={labelWidth}>
      {fields.map((f) => (
        <DataList.Item key={f.id}>
          <DataList.ItemLabel>{f.label}</DataList.ItemLabel>
          <DataList.ItemValue>
            <CustomFieldValue field={f} value={values[f.key]} />
          </DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}
