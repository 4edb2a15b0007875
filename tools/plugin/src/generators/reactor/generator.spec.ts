import { logger, type Tree } from '@nx/devkit';
import { contextGenerator } from '../context/generator';
import { readText, workspaceTree } from '../testing/workspace-tree';
import { findEventSource, reactorGenerator } from './generator';

const CONTRACTS = ['libs/contracts/inventory', 'libs/contracts/ordering', 'libs/contracts/identity'];

describe('reactor generator', () => {
  let tree: Tree;

  beforeAll(() => jest.spyOn(logger, 'info').mockImplementation(() => undefined));
  beforeEach(() => {
    tree = workspaceTree([...CONTRACTS, 'apps/inventory-command/src/app']);
  });

  it('finds where an event type is registered: the contracts alias, its registrations, its TS type', () => {
    expect(findEventSource(tree, 'OrderPlaced')).toEqual({ contracts: '@chronicle/ordering-contracts', eventsConst: 'orderingEvents', eventType: true });
    expect(findEventSource(tree, 'StockReserved')).toEqual({ contracts: '@chronicle/inventory-contracts', eventsConst: 'inventoryEvents', eventType: true });
    expect(() => findEventSource(tree, 'NothingHappened')).toThrow(/No contracts library registers the event type 'NothingHappened'/);
  });

  it('adds a step to the reactor a command app has: handler and spec, constructor, step, provider', async () => {
    await reactorGenerator(tree, { name: 'audit-order', context: 'inventory', on: 'OrderPlaced' });
    const dir = 'apps/inventory-command/src/app';
    const handler = readText(tree, `${dir}/reactions/audit-order-when-order-placed.handler.ts`);
    expect(handler).toContain('export class AuditOrderWhenOrderPlacedHandler implements Reaction<OrderPlaced> {');
    expect(handler).toContain("import type { OrderPlaced } from '@chronicle/ordering-contracts';");
    expect(readText(tree, `${dir}/reactions/audit-order-when-order-placed.handler.spec.ts`)).toContain("describe('audit-order-when-order-placed'");
    const reactor = readText(tree, `${dir}/reactions/inventory.reactor.ts`);
    expect(reactor).toContain("import { AuditOrderWhenOrderPlacedHandler } from './audit-order-when-order-placed.handler';");
    expect(reactor).toContain('    private readonly auditOrder: AuditOrderWhenOrderPlacedHandler,\n  ) {}');
    expect(reactor).toContain("{ on: 'OrderPlaced', name: 'audit-order-when-order-placed', run: this.auditOrder },\n      ],");
    // The reactor read ordering's events already.
    expect(reactor).toContain('  events: orderingEvents,');
    const module = readText(tree, `${dir}/inventory-command.module.ts`);
    expect(module).toContain("import { AuditOrderWhenOrderPlacedHandler } from './reactions/audit-order-when-order-placed.handler';");
    expect(module).toMatch(/ReleaseStockWhenOrderClosedHandler,[\s\S]*InventoryReactor,\n {4}AuditOrderWhenOrderPlacedHandler,\n {2}\]/);
    expect(module.match(/ProjectionsModule\.forRoot/g)).toHaveLength(1);
  });

  it('reads another context’s events when the trigger is theirs, and takes the full step name as given', async () => {
    await reactorGenerator(tree, { name: 'count-items-when-item-added', context: 'inventory', on: 'ItemAdded' });
    const reactor = readText(tree, 'apps/inventory-command/src/app/reactions/inventory.reactor.ts');
    expect(reactor).toContain('events: [...orderingEvents, ...inventoryEvents],');
    expect(reactor).toMatch(/import \{ [^}]*inventoryEvents[^}]* \} from '@chronicle\/inventory-contracts';/);
    expect(reactor).toContain("{ on: 'ItemAdded', name: 'count-items-when-item-added', run: this.countItems }");
  });

  it('gives a command app without reactions its reactor and the projections runtime', async () => {
    await contextGenerator(tree, { name: 'shipping', skipEventsCatalog: true });
    await reactorGenerator(tree, { name: 'prepare-shipment', context: 'shipping', on: 'OrderPlaced' });
    const dir = 'apps/shipping-command/src/app';
    const reactor = readText(tree, `${dir}/reactions/shipping.reactor.ts`);
    expect(reactor).toContain("export const SHIPPING_REACTIONS = 'shipping_reactions';");
    expect(reactor).toContain('events: [...orderingEvents],');
    expect(reactor).toMatch(/commandIdNamespace: '[0-9a-f-]{36}'/);
    expect(reactor).toContain("reactions: [{ on: 'OrderPlaced', name: 'prepare-shipment-when-order-placed', run: this.prepareShipment }],");
    const module = readText(tree, `${dir}/shipping-command.module.ts`);
    expect(module).toContain("import { ShippingReactor } from './reactions/shipping.reactor';");
    expect(module).toContain("import { EventStoreModule, EVENT_STORE, type EventStore } from '@chronicle/event-store';");
    expect(module).toContain("import { DataSource } from 'typeorm';");
    expect(module).toContain("ProjectionsModule.forRootAsync({\n      admin: { service: 'shipping-command' },");
    expect(module).toContain('providers: [CreateShippingItemHandler, RenameShippingItemHandler, PrepareShipmentWhenOrderPlacedHandler, ShippingReactor],');

    // A second reaction joins the reactor it now has.
    await reactorGenerator(tree, { name: 'welcome', context: 'shipping', on: 'ShippingItemCreated' });
    const again = readText(tree, `${dir}/reactions/shipping.reactor.ts`);
    expect(again).toContain('events: [...orderingEvents, ...shippingEvents],');
    expect(again).toContain('private readonly prepareShipment: PrepareShipmentWhenOrderPlacedHandler, private readonly welcome: WelcomeWhenShippingItemCreatedHandler');
    expect(readText(tree, `${dir}/shipping-command.module.ts`).match(/ProjectionsModule\.forRoot/g)).toHaveLength(1);
    // Its reactor is a subscription the admin API asks it about, once.
    expect(readText(tree, 'apps/gateway/src/app/admin/admin-services.ts').match(/'shipping-command'/g)).toHaveLength(3);
  });

  it('refuses an unknown context, an unknown event and a reaction that exists', async () => {
    await expect(reactorGenerator(tree, { name: 'x', context: 'nowhere', on: 'OrderPlaced' })).rejects.toThrow(/apps\/nowhere-command/);
    await expect(reactorGenerator(tree, { name: 'x', context: 'inventory', on: 'NoSuchEvent' })).rejects.toThrow(/NoSuchEvent/);
    await expect(reactorGenerator(tree, { name: 'reserve-stock', context: 'inventory', on: 'OrderPlaced' })).rejects.toThrow(/exists already/);
  });
});
