import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deliveryKey, idempotencyKeyOf, type ChatMessage, type Delivery } from '../deliveries/delivery';
import type { Channel } from './channel';

/** Development sink for chat (no SLACK_WEBHOOK_URL): the JSON that would be posted, one file per delivery. */
export class MailboxChatChannel implements Channel {
  readonly name = 'chat';
  readonly target: string;

  constructor(private readonly dir: string) {
    this.target = `mailbox ${dir}`;
  }

  async send(delivery: Delivery): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${deliveryKey(delivery)}.json`);
    const body = { idempotencyKey: idempotencyKeyOf(delivery), text: (delivery.message as ChatMessage).text };
    await writeFile(`${file}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
    await rename(`${file}.tmp`, file);
  }

  async close(): Promise<void> {
    // Nothing held open.
  }
}
