import { Module } from '@nestjs/common';
import { OrderingModule } from '../orders/ordering.module';
import { AdminOperationsController } from './admin-operations.controller';
import { AdminServices } from './admin-services';
import { AdminStreamsController } from './admin-streams.controller';
import { AdminSubscriptionsController } from './admin-subscriptions.controller';
import { OperatorAudit } from './operator-audit';

/** /admin: the operators' API (admin role only); every action runs in the service that owns what it touches. */
@Module({
  imports: [OrderingModule],
  controllers: [AdminStreamsController, AdminSubscriptionsController, AdminOperationsController],
  providers: [AdminServices, OperatorAudit],
})
export class AdminModule {}
