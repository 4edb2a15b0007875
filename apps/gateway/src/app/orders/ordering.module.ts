import { Module } from '@nestjs/common';
import { OrderingClient } from './ordering.client';

@Module({ providers: [OrderingClient], exports: [OrderingClient] })
export class OrderingModule {}
