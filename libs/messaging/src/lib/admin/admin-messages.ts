import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const POSITION = /^(0|[1-9]\d{0,18})$/;

/** A subscription (projection or reactor) by name. */
export class SubscriptionRequest {
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/)
  name!: string;
}

export class DeadLetterRequest extends SubscriptionRequest {
  @IsString()
  @Matches(/^[1-9]\d{0,18}$/)
  id!: string;
}

export class ResetRequest extends SubscriptionRequest {
  @IsString()
  @Matches(POSITION, { message: 'to must be a position (a non-negative integer)' })
  to!: string;

  @IsOptional()
  @IsBoolean()
  confirm?: boolean;
}

/** Deliveries of an outbox, by channel and state. */
export class DeliveriesRequest {
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,39}$/)
  channel?: string;

  @IsOptional()
  @IsString()
  @Matches(/^(pending|sent|parked|skipped)$/)
  state?: string;
}

/** One delivery: `{eventId}.{handler}`, as in its Message-ID. */
export class DeliveryRequest {
  @IsString()
  @Matches(/^[0-9a-f-]{36}\.[a-z][a-z0-9-]{0,79}$/, { message: 'id must be {eventId}.{handler}' })
  id!: string;
}

/** Time travel: a stream's folded state at a revision (latest without one). */
export class StateAtRequest {
  @IsString()
  @MaxLength(512)
  streamId!: string;

  @IsOptional()
  @IsString()
  @Matches(POSITION, { message: 'revision must be a non-negative integer' })
  revision?: string;
}
