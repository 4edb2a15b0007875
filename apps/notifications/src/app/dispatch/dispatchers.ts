import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Channel } from '../channels/channel';
import { MailboxChatChannel } from '../channels/mailbox-chat.channel';
import { MailboxEmailChannel } from '../channels/mailbox-email.channel';
import { SmtpEmailChannel } from '../channels/smtp-email.channel';
import { WebhookChatChannel } from '../channels/webhook-chat.channel';
import { migrateDeliveries } from '../deliveries/deliveries.schema';
import { DeliveryStore } from '../deliveries/delivery-store';
import { NOTIFICATIONS_CONFIG } from '../notifications.tokens';
import type { NotificationsConfig } from '../notifications.config';
import { ChannelDispatcher, type ChannelStatus } from './channel-dispatcher';
import { join } from 'node:path';

/** SMTP / webhook when configured, otherwise the development mailbox (logged, so `npm start` can show where). */
function channelsFor(config: NotificationsConfig): Channel[] {
  const logger = new Logger('Notifications');
  const email = config.smtpUrl ? new SmtpEmailChannel(config.smtpUrl, config.mailFrom, config.channels) : new MailboxEmailChannel(config.mailboxDir, config.mailFrom);
  const chat = config.slackWebhookUrl ? new WebhookChatChannel(config.slackWebhookUrl) : new MailboxChatChannel(join(config.mailboxDir, 'chat'));
  if (!config.smtpUrl) logger.log(`No SMTP_URL: e-mails go to the development mailbox ${config.mailboxDir}`);
  if (!config.slackWebhookUrl) logger.log(`No SLACK_WEBHOOK_URL: chat messages go to ${join(config.mailboxDir, 'chat')}`);
  return [email, chat];
}

/** The outbox's schema before the projection writes to it, and a dispatcher per channel from bootstrap to shutdown. */
@Injectable()
export class Dispatchers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly store: DeliveryStore;
  private readonly dispatchers: ChannelDispatcher[];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFICATIONS_CONFIG) config: NotificationsConfig,
  ) {
    this.store = new DeliveryStore(dataSource);
    this.dispatchers = channelsFor(config).map((channel) => new ChannelDispatcher(channel, this.store, config.channels, config.databaseUrl));
  }

  onModuleInit(): Promise<void> {
    return migrateDeliveries(this.dataSource);
  }

  onApplicationBootstrap(): void {
    for (const d of this.dispatchers) d.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.dispatchers.map((d) => d.stop()));
  }

  status(): ChannelStatus[] {
    return this.dispatchers.map((d) => d.status());
  }
}
