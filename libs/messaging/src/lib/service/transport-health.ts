import type { ReadinessCheck } from '@chronicle/observability';
import type { Observable, Subscription } from 'rxjs';

/** Readiness of a service's transport: its TCP server listens, or its NATS connection is up. */
export class TransportHealth {
  private status = 'not started';
  private subscription: Subscription | undefined;

  constructor(private readonly transport: 'tcp' | 'nats') {}

  /** Follows the Nest microservice's status ('connected', 'disconnected', 'reconnecting'). */
  watch(status: Observable<string>): void {
    this.subscription?.unsubscribe();
    this.subscription = status.subscribe((value) => (this.status = value));
  }

  readonly check: ReadinessCheck = async () =>
    this.status === 'connected' ? { status: 'up', transport: this.transport } : { status: 'down', transport: this.transport, state: this.status };

  close(): void {
    this.subscription?.unsubscribe();
  }
}
