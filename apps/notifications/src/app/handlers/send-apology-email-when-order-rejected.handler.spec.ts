import type { NotificationLookup, PlacedOrder, Recipient } from './notification-lookup';
import { SendApologyEmailWhenOrderRejectedHandler } from './send-apology-email-when-order-rejected.handler';

const orderId = '0b9a6f3e-5d0e-4d8e-9d7c-2f1f0c6a1b11';
const customerId = '5f3c1f0e-8a6b-4c1d-9e2f-3a4b5c6d7e8f';

function lookup(order?: PlacedOrder, recipient?: Recipient): NotificationLookup {
  return { order: async () => order, recipient: async () => recipient };
}

describe('send-apology-email-when-order-rejected', () => {
  const handler = new SendApologyEmailWhenOrderRejectedHandler();
  const rejected = { orderId, reason: 'STOCK_INSUFFICIENT: kettle' };

  it('writes to the customer of the order, naming every item and the reason', async () => {
    const draft = await handler.draft(rejected, lookup({ customerId, lines: [{ sku: 'kettle', quantity: 3 }] }, { email: 'ada@example.com', name: 'Ada' }));
    expect(draft).toMatchObject({ channel: 'email', recipient: 'ada@example.com', message: { to: 'ada@example.com' } });
    if ('skipped' in draft) throw new Error('expected a draft');
    expect(draft.message).toMatchObject({ subject: `We are sorry: we could not take your order ${orderId}` });
    expect('text' in draft.message && draft.message.text).toContain('  - 3 x kettle\nReason: STOCK_INSUFFICIENT: kettle');
  });

  it('records a skip when the order was never placed', async () => {
    expect(await handler.draft(rejected, lookup())).toEqual({ channel: 'email', skipped: expect.stringContaining('never placed') });
  });

  it('records a skip when the customer is unknown or deleted', async () => {
    const draft = await handler.draft(rejected, lookup({ customerId, lines: [{ sku: 'kettle', quantity: 1 }] }));
    expect(draft).toEqual({ channel: 'email', skipped: expect.stringContaining(customerId) });
  });
});
