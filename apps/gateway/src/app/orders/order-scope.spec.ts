import { cancellerOf, orderScopeOf } from './order-scope';

const customer = { id: '0190a0b0-0000-7000-8000-000000000001', email: 'c@x.test', roles: [] };
const admin = { id: '0190a0b0-0000-7000-8000-000000000002', email: 'a@x.test', roles: ['admin'] };

describe('order scope', () => {
  it('limits a customer to their own orders and lets an admin see all', () => {
    expect(orderScopeOf(customer)).toEqual({ customerId: customer.id });
    expect(orderScopeOf(admin)).toEqual({});
  });

  it('cancels as the customer, or as admin for an admin', () => {
    expect(cancellerOf(customer)).toEqual({ requestedBy: customer.id, by: 'customer' });
    expect(cancellerOf(admin)).toEqual({ requestedBy: admin.id, by: 'admin' });
  });
});
