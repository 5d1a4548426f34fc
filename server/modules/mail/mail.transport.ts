import nodemailer from 'nodemailer';

/** What the mail job needs from a transport; nodemailer's SMTP transport in production. */
export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string; html: string; messageId: string }): Promise<void>;
  close(): void;
}

/** The SMTP transport for `SMTP_URL`, or undefined when mail stays in the outbox. */
export function createMailTransport(smtpUrl: string | undefined): MailTransport | undefined {
  if (!smtpUrl) return undefined;
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(m) {
      await transport.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId });
    },
    close: () => transport.close(),
  };
}
