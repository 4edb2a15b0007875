import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiDefaultResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth/auth.decorators';
import { ProblemModel } from '../identity/identity.models';
import type { SagaTimeline } from './saga-timeline';
import { SagaTimelineService } from './saga-timeline.service';
import { SagaTimelineModel } from './saga.models';

/** What happened in one saga (e.g. an order's), across every context, for operators. */
@ApiTags('sagas')
@ApiDefaultResponse({ type: ProblemModel, description: 'An error, as application/problem+json' })
@ApiBearerAuth()
@AdminOnly()
@Controller('sagas')
export class SagasController {
  constructor(private readonly sagas: SagaTimelineService) {}

  @Get(':correlationId')
  @ApiOperation({ summary: 'Every event carrying this correlation id, in position order (POST /orders answers it)' })
  @ApiOkResponse({ type: SagaTimelineModel })
  get(@Param('correlationId') correlationId: string): Promise<SagaTimeline> {
    return this.sagas.timeline(correlationId);
  }
}
