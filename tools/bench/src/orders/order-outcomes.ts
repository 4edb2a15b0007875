/**
 * Follows the gateway's Server-Sent Events feed of the `order` category and resolves each order's
 * outcome (OrderConfirmed / OrderRejected / OrderExpired) with the event's position, whether the
 * event arrives before or after the client starts waiting for it.
 */
export interface OrderOutcome {
  type: string;
  position: string;
}

const OUTCOMES = new Set(['OrderConfirmed', 'OrderRejected', 'OrderExpired', 'OrderCancelled']);

export class OrderOutcomes {
  private readonly arrived = new Map<string, OrderOutcome>();
  private readonly waiting = new Map<string, (outcome: OrderOutcome) => void>();
  private readonly abort = new AbortController();

  async listen(url: string, token: string): Promise<void> {
    const response = await fetch(`${url}/events?category=order`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: this.abort.signal });
    if (response.status !== 200 || !response.body) throw new Error(`GET /events: ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            this.frame(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // closed
      }
    })();
  }

  private frame(frame: string): void {
    let id = '';
    let data = '';
    for (const line of frame.split('\n')) {
      if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (!data) return;
    const event = JSON.parse(data) as { type: string; data: { orderId?: string } };
    const orderId = event.data.orderId;
    if (!orderId || !OUTCOMES.has(event.type)) return;
    const outcome = { type: event.type, position: id };
    const waiter = this.waiting.get(orderId);
    if (waiter) {
      this.waiting.delete(orderId);
      waiter(outcome);
    } else {
      this.arrived.set(orderId, outcome);
    }
  }

  waitFor(orderId: string, timeoutMs: number): Promise<OrderOutcome> {
    const known = this.arrived.get(orderId);
    if (known) {
      this.arrived.delete(orderId);
      return Promise.resolve(known);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(orderId);
        reject(new Error(`order ${orderId} had no outcome within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(orderId, (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
    });
  }

  close(): void {
    this.abort.abort();
  }
}
