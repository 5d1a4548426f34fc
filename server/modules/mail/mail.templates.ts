import { escapeHtml } from '../../lib/html.js';

/** A rendered message. Every template here is transactional: no marketing blocks, no tracking pixel. */
export interface RenderedMail {
  readonly template: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

function layout(title: string, paragraphs: string[], action?: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join('');
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#1c7ed6;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;color:#555;font-size:13px">Or paste this link into your browser:<br>${escapeHtml(action.url)}</p>`
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#212529;max-width:560px;margin:24px auto;padding:0 16px"><h1 style="font-size:20px">${escapeHtml(title)}</h1>${body}${button}<p style="color:#868e96;font-size:12px;margin-top:32px">Sent by Candor. You get this message because of an action on your account; it is not marketing.</p></body></html>`;
}

export function inviteMail(input: { workspaceName: string; inviterName: string; roleLabel: string; url: string; expiresInDays: number }): RenderedMail {
  const subject = `${input.inviterName} invited you to ${input.workspaceName} on Candor`;
  const lines = [
    `${input.inviterName} invited you to join the workspace "${input.workspaceName}" as ${input.roleLabel}.`,
    `The link works once and expires in ${input.expiresInDays} days. If you did not expect this invitation, ignore this message.`,
  ];
  return {
    template: 'invite',
    subject,
    text: `${lines.join('\n\n')}\n\nAccept the invitation: ${input.url}\n`,
    html: layout('You are invited to Candor', lines, { label: 'Accept the invitation', url: input.url }),
  };
}

export function passwordResetMail(input: { url: string; expiresInMinutes: number }): RenderedMail {
  const lines = [
    'Someone asked to reset the password of your Candor account. If it was you, choose a new password with the link below.',
    `The link works once and expires in ${input.expiresInMinutes} minutes. If you did not ask, ignore this message: your password stays as it is.`,
  ];
  return {
    template: 'password_reset',
    subject: 'Reset your Candor password',
    text: `${lines.join('\n\n')}\n\nReset your password: ${input.url}\n`,
    html: layout('Reset your password', lines, { label: 'Choose a new password', url: input.url }),
  };
}

export function securityNoticeMail(input: { what: string; when: string; signInUrl: string }): RenderedMail {
  const lines = [
    `${input.what} on ${input.when} (UTC).`,
    'If this was you, there is nothing to do. If it was not, reset your password at once and tell your workspace admin.',
  ];
  return {
    template: 'security_notice',
    subject: `Candor security notice: ${input.what.toLowerCase()}`,
    text: `${lines.join('\n\n')}\n\n${input.signInUrl}\n`,
    html: layout('Security notice', lines, { label: 'Open Candor', url: input.signInUrl }),
  };
}
