/**
 * How notifications leave the building. The default transport writes a
 * readable email to the log; with SMTP_URL set, nodemailer sends real mail.
 */
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';

export interface MailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Files sent with the mail (the booking's calendar event). */
  attachments?: MailAttachment[];
}

export interface MailTransport {
  readonly name: string;
  send(mail: OutgoingMail): Promise<void>;
}

export function consoleTransport(log: FastifyBaseLogger): MailTransport {
  return {
    name: 'console',
    async send(mail) {
      log.info(
        { to: mail.to, subject: mail.subject, attachments: mail.attachments?.map((a) => a.filename) },
        `email\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}`,
      );
    },
  };
}

export function smtpTransport(url: string, from: string): MailTransport {
  // nodemailer waits up to 10 minutes on a silent server by default; the
  // dispatcher's lease and per-send timeout (dispatch.ts) assume much less.
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    name: 'smtp',
    async send(mail) {
      await transporter.sendMail({ from, ...mail });
    },
  };
}
