import { Logger } from '@nestjs/common';
import type { RecordedEvent } from '@chronicle/event-store';
import { identityEvents, type IdentityEvent, type UserEvent } from '@chronicle/identity-contracts';
import { orderingEvents, type OrderLine, type OrderPlaced, type OrderRejected } from '@chronicle/ordering-contracts';
import { Projection, type ProjectionHandler } from '@chronicle/projections';
import type { EntityManager } from 'typeorm';
import { recordDelivery } from './deliveries/delivery-store';
import type { NotificationLookup } from './handlers/notification-lookup';
import { PostToChatWhenUserCreatedHandler } from './handlers/post-to-chat-when-user-created.handler';
import { SendApologyEmailWhenOrderRejectedHandler } from './handlers/send-apology-email-when-order-rejected.handler';
import { SendWelcomeEmailWhenUserCreatedHandler } from './handlers/send-welcome-email-when-user-created.handler';

export const NOTIFICATIONS_PROJECTION = 'notifications';

type NotificationEvent = Exclude<UserEvent, { type: 'UserLoggedIn' }> | OrderPlaced | OrderRejected;
const handles: NotificationEvent['type'][] = ['UserCreated', 'UserUpdated', 'UserDeleted', 'OrderPlaced', 'OrderRejected'];

/**
 * Turns events into deliveries (the transactional outbox of the dispatchers). It keeps who can be
 * written to (`recipients`) and what each order held (`orders`), and records each handler's effect
 * in the batch transaction with the checkpoint. One partition: a user's UserCreated is applied
 * before any OrderRejected of theirs (different streams, so only global order holds).
 */
@Projection({ name: NOTIFICATIONS_PROJECTION, handles, partitions: 1, events: [...identityEvents, ...orderingEvents] })
export class NotificationsProjection implements ProjectionHandler {
  private readonly logger = new Logger(NotificationsProjection.name);

  constructor(
    private readonly welcome: SendWelcomeEmailWhenUserCreatedHandler,
    private readonly chat: PostToChatWhenUserCreatedHandler,
    private readonly apology: SendApologyEmailWhenOrderRejectedHandler,
  ) {}

  async setup(manager: EntityManager): Promise<void> {
    await manager.query(`
      CREATE TABLE recipients (user_id uuid PRIMARY KEY, email text NOT NULL, name text NOT NULL);
      CREATE TABLE orders (order_id uuid PRIMARY KEY, customer_id uuid NOT NULL, lines jsonb NOT NULL);
    `);
  }

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    // The runtime hands it over decoded by the publishers' registrations (upcast, validated).
    const event = { type: recorded.type, data: recorded.data } as NotificationEvent | IdentityEvent;
    switch (event.type) {
      case 'UserCreated': {
        const d = event.data;
        await manager.query(`INSERT INTO recipients (user_id, email, name) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING`, [d.userId, d.email, d.name]);
        await recordDelivery(manager, this.welcome.name, recorded, this.welcome.draft(d));
        await recordDelivery(manager, this.chat.name, recorded, this.chat.draft(d));
        return;
      }
      case 'UserUpdated':
        await manager.query(`UPDATE recipients SET email = coalesce($2, email), name = coalesce($3, name) WHERE user_id = $1`, [
          event.data.userId,
          event.data.email ?? null,
          event.data.name ?? null,
        ]);
        return;
      case 'UserDeleted':
        // A deleted user is written to no more.
        await manager.query(`DELETE FROM recipients WHERE user_id = $1`, [event.data.userId]);
        return;
      case 'OrderPlaced':
        await manager.query(`INSERT INTO orders (order_id, customer_id, lines) VALUES ($1, $2, $3::jsonb) ON CONFLICT (order_id) DO NOTHING`, [
          event.data.orderId,
          event.data.customerId,
          JSON.stringify(event.data.lines),
        ]);
        return;
      case 'OrderRejected': {
        const draft = await this.apology.draft(event.data, lookupIn(manager));
        if ('skipped' in draft) this.logger.warn(`No apology for order ${event.data.orderId}: ${draft.skipped}`);
        await recordDelivery(manager, this.apology.name, recorded, draft);
        return;
      }
      default:
        return;
    }
  }
}

function lookupIn(manager: EntityManager): NotificationLookup {
  return {
    async recipient(userId) {
      const rows: { email: string; name: string }[] = await manager.query(`SELECT email, name FROM recipients WHERE user_id = $1`, [userId]);
      return rows[0];
    },
    async order(orderId) {
      const rows: { customer_id: string; lines: OrderLine[] }[] = await manager.query(`SELECT customer_id, lines FROM orders WHERE order_id = $1`, [orderId]);
      return rows[0] && { customerId: rows[0].customer_id, lines: rows[0].lines };
    },
  };
}
