import { Module } from '@nestjs/common';
import { SagaTimelineService } from './saga-timeline.service';

@Module({ providers: [SagaTimelineService], exports: [SagaTimelineService] })
export class SagasModule {}
