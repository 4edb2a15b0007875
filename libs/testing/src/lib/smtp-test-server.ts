import { SMTPServer } from 'smtp-server';
import { findFreePort } from '@chronicle/embedded-postgres';

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  messageId: string;
  to: string;
  subject: string;
  /** The raw message with quoted-printable undone, for content checks. */
  body: string;
}

export interface SmtpTestServer {
  readonly port: number;
  readonly url: string;
  readonly mails: ReceivedMail[];
  /** Mails for one address. */
  to(address: string): ReceivedMail[];
  /** Waits until `count` mails arrived (throws after timeoutMs, listing what did). */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : '';
}

const decodeQuotedPrintable = (raw: string): string =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * A real SMTP server on loopback (the `smtp-server` package). Recipients starting with
 * `refuse-` are refused with 550 at RCPT TO, as a real server refuses an unknown mailbox.
 */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const port = await findFreePort();
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('refuse-')) {
        const error = Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        mails.push({ messageId: header(raw, 'Message-ID'), to, subject: header(raw, 'Subject'), body: decodeQuotedPrintable(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // A client killed mid-conversation resets its connection: not the test's failure.
  server.on('error', () => undefined);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    to: (address) => mails.filter((m) => m.to === address),
    async waitForCount(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${mails.length}: ${mails.map((m) => m.to).join(', ')}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
