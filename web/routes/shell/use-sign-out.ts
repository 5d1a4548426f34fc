import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import { notifyError } from '../../components/notify.js';

/** Ends this session and forgets this device, then leaves nothing of the member's data in memory. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.delete('/api/v1/session'),
    onSuccess: async () => {
      await navigate('/sign-in', { replace: true, state: { notice: 'You are signed out.' } });
      queryClient.clear();
    },
    onError: (err) => notifyError(err, 'Signing out failed'),
  });
}
