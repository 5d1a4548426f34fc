import { notifications } from '@mantine/notifications';
import { errorMessage } from '../api/client.js';

export function notifySuccess(message: string, title?: string): void {
  notifications.show({ color: 'teal', message, ...(title ? { title } : {}) });
}

/** For actions without a form to show the error next to (row buttons, selects in a table). */
export function notifyError(err: unknown, title = 'That did not work'): void {
  notifications.show({ color: 'red', title, message: errorMessage(err), autoClose: 8000 });
}
