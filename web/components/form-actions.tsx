import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormError } from './form-error.js';

interface FormActionsProps {
  /** The server's answer to the last save, shown above the buttons; nothing when null. */
  readonly error: unknown;
  readonly onCancel: () => void;
  readonly submitLabel: ReactNode;
  readonly loading: boolean;
  readonly disabled?: boolean;
  readonly submitIcon?: ReactNode;
  /** Names for the fields a sensitive-data refusal points at (`bodyHtml` → "Note"). */
  readonly fieldLabels?: Record<string, string>;
}

/**
 * The end of every dialog's form: what went wrong, then Cancel and the submit button. One
 * component, so every dialog puts the error in the same place and the buttons in the same order.
 */
export function FormActions({ error, onCancel, submitLabel, loading, disabled = false, submitIcon, fieldLabels }: FormActionsProps) {
  return (
    <>
      <FormError error={error} {...(fieldLabels ? { fieldLabels } : {})} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={loading} disabled={disabled} leftSection={submitIcon}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}

/** A trimmed text, or null for an empty one: the API clears an optional field with null. */
export function orNull(value: string): string | null {
  return value.trim() ? value.trim() : null;
}
