import type { OutboxItem } from '../../api/types.js';

export const TEMPLATE_LABELS: Record<string, string> = {
  invite: 'Invitation',
  password_reset: 'Password reset',
  security_notice: 'Security notice',
};

export const STATUS_BADGES: Record<OutboxItem['status'], { color: string; label: string; hint: string }> = {
  outbox: { color: 'yellow', label: 'In outbox', hint: 'Not sent: no SMTP server is configured. Pass it on yourself.' },
  queued: { color: 'blue', label: 'Queued', hint: 'Waiting for the mail job to send it.' },
  sent: { color: 'teal', label: 'Sent', hint: 'Handed to the SMTP server.' },
  failed: { color: 'red', label: 'Failed', hint: 'The SMTP server refused it or could not be reached.' },
};

export const NO_SMTP_NOTICE = 'No SMTP server is configured, so Candor keeps outgoing mail here. Pass invitation links on to the people they are for.';
