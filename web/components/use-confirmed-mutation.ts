import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import { useState } from 'react';
import type { ConfirmModalProps } from './confirm-modal.js';

/**
 * A mutation on one item (a member, a token) that runs only once a `ConfirmModal` has asked about
 * it. `ask(item)` opens the dialog; spread `confirmProps` onto it. The dialog stays open while the
 * call runs and when it fails, so the server's reason shows where the person confirmed; it closes
 * on success, and closing it clears the error so the next item does not open with a stale one.
 */
export function useConfirmedMutation<TItem, TData = unknown>(options: UseMutationOptions<TData, Error, TItem>) {
  const [target, setTarget] = useState<TItem | null>(null);
  const mutation = useMutation<TData, Error, TItem>({
    ...options,
    onSuccess: (...args) => {
      setTarget(null);
      return options.onSuccess?.(...args);
    },
  });
  const confirmProps: Pick<ConfirmModalProps, 'opened' | 'onClose' | 'onConfirm' | 'loading' | 'error'> = {
    opened: target !== null,
    onClose: () => {
      setTarget(null);
      mutation.reset();
    },
    onConfirm: () => {
      if (target !== null) mutation.mutate(target);
    },
    loading: mutation.isPending,
    error: mutation.error,
  };
  return { target, ask: (item: TItem) => setTarget(item), confirmProps };
}
