import { Args, Query, Resolver } from '@nestjs/graphql';
import { AdminOnly } from '../auth/auth.decorators';
import type { SagaTimeline } from '../sagas/saga-timeline';
import { SagaTimelineService } from '../sagas/saga-timeline.service';
import { SagaTimelineModel } from '../sagas/saga.models';

@Resolver(() => SagaTimelineModel)
export class SagasResolver {
  constructor(private readonly sagas: SagaTimelineService) {}

  @Query(() => SagaTimelineModel, { description: 'Every event carrying this correlation id, in position order (admins)' })
  @AdminOnly()
  sagaTimeline(@Args('correlationId') correlationId: string): Promise<SagaTimeline> {
    return this.sagas.timeline(correlationId);
  }
}
