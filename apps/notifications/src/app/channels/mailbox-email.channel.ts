import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { deliveryKey, type Delivery } from '../deliveries/delivery';
import type { Channel } from './channel';
import { toMail } from './smtp-email.channel';

/**
 * Development mailbox (no SMTP_URL): each e-mail is an .eml file named after its delivery, so a
 * resend overwrites the same file. Open them with any mail client.
 */
export class MailboxEmailChannel implements Channel {
  readonly name = 'email';
  readonly target: string;
  private readonly transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {
    this.target = `mailbox ${dir}`;
  }

  async send(delivery: Delivery): Promise<void> {
    const info = await this.transport.sendMail(toMail(this.from, delivery));
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${deliveryKey(delivery)}.eml`);
    // Written whole then renamed: a reader never sees half a message.
    await writeFile(`${file}.tmp`, info.message as Buffer);
    await rename(`${file}.tmp`, file);
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
