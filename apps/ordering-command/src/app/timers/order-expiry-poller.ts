import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectAggregateRepository } from '@chronicle/event-sourcing';
import { OrderingErrorCodes } from '@chronicle/ordering-contracts';
import { versionSchema } from '@chronicle/projections';
import { DataSource, type EntityManager } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import { ORDER_CATEGORY, type OrderRepository } from '../order-repository';
import { orderingCommandConfig } from '../ordering-command.config';
import { ORDERING_REACTIONS } from '../reactions/ordering-reactions.projection';
import { lockDueTimers, type ExpiryTimer } from './order-expiry-timers';

const EXPIRE_COMMANDS = 'c6d1a7e2-4f3b-4a9c-b8e5-7f2d0c1b9a64';
/** The projections runtime's default schema, where the active version of each read model is recorded. */
const RUNTIME_SCHEMA = 'chronicle_projections';
const TIMERS_PER_ROUND = 50;

/** The one ExpireOrder of an order: however often its timer fires, the order expires once. */
export const expireCommandId = (orderId: string): string => uuidv5(`${orderId}/expire`, EXPIRE_COMMANDS);

/**
 * Fires due expiry timers: in one transaction it locks due rows (SKIP LOCKED, so replicas share
 * the work), sends ExpireOrder and deletes the row. A crash before the commit leaves the row, the
 * timer fires again, and the deterministic command id makes that harmless. Timers live in
 * PostgreSQL, so one that came due while the service was down fires right after start.
 */
@Injectable()
export class OrderExpiryPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrderExpiryPoller.name);
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @InjectAggregateRepository(ORDER_CATEGORY) private readonly orders: OrderRepository,
    @Inject(orderingCommandConfig.KEY) private readonly config: ConfigType<typeof orderingCommandConfig>,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** Fires every due timer once; returns how many fired. */
  async fireDueTimers(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.useTimersSchema(manager))) return 0;
      const due = await lockDueTimers(manager, TIMERS_PER_ROUND);
      let fired = 0;
      for (const timer of due) {
        if (this.stopped) break;
        if (await this.fire(timer)) {
          await manager.query(`DELETE FROM order_expiry_timers WHERE order_id = $1`, [timer.orderId]);
          fired++;
        }
      }
      return fired;
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.fireDueTimers()
        .then((fired) => this.schedule(fired === TIMERS_PER_ROUND ? 0 : this.config.orderTimerPollMs))
        .catch((error: unknown) => {
          this.logger.error(`Expiry timers could not be fired; retrying in ${this.config.orderTimerPollMs} ms`, (error as Error)?.stack);
          this.schedule(this.config.orderTimerPollMs);
        });
    }, delayMs);
  }

  /** Points the transaction at the active version of the reactions' tables; false before they exist. */
  private async useTimersSchema(manager: EntityManager): Promise<boolean> {
    const exists: { present: boolean }[] = await manager.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [
      `"${RUNTIME_SCHEMA}".projection_versions`,
    ]);
    if (!exists[0]?.present) return false;
    const rows: { active_version: number }[] = await manager.query(
      `SELECT active_version FROM "${RUNTIME_SCHEMA}".projection_versions WHERE projection = $1`,
      [ORDERING_REACTIONS],
    );
    const version = rows[0]?.active_version;
    if (version === undefined) return false;
    await manager.query(`SET LOCAL search_path TO "${versionSchema(ORDERING_REACTIONS, version)}"`);
    return true;
  }

  /** Sends ExpireOrder (a no-op when the order already left PENDING); false when the timer must stay. */
  private async fire(timer: ExpiryTimer): Promise<boolean> {
    try {
      await this.orders.handle(
        timer.orderId,
        { commandId: expireCommandId(timer.orderId), kind: 'ExpireOrder', orderId: timer.orderId },
        { ...(timer.correlationId ? { correlationId: timer.correlationId } : {}), causationId: timer.sourceEventId },
      );
      return true;
    } catch (error) {
      // A timer for an order that does not exist can never fire: drop it rather than retry for ever.
      if ((error as { code?: unknown }).code === OrderingErrorCodes.ORDER_NOT_FOUND) return true;
      this.logger.warn(`Order ${timer.orderId} could not be expired; its timer fires again: ${(error as Error).message}`);
      return false;
    }
  }
}
