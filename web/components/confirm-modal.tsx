import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormError } from './form-error.js';

export interface ConfirmModalProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly title: string;
  readonly children: ReactNode;
  /** The button names the action ("Remove member"), never a bare "OK". */
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly loading?: boolean;
  readonly error?: unknown;
  readonly danger?: boolean;
}

/** Asks before something that cannot be undone; the server's refusal shows inside the dialog. */
export function ConfirmModal({ opened, onClose, title, children, confirmLabel, onConfirm, loading, error, danger = true }: ConfirmModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <Stack>
          <Text size="sm" component="div">
            {children}
          </Text>
          <FormError error={error} />
          <Group justify="flex-end">
            {/* A destructive dialog opens on Cancel, so a stray Enter does not confirm it. */}
            <Button variant="default" onClick={onClose} data-autofocus={danger || undefined}>
              Cancel
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={loading} data-autofocus={!danger || undefined}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
