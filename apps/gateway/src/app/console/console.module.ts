import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { consoleConfig } from './console.config';
import { ConsoleController } from './console.controller';

/** Serves the built console (apps/console) at /console. */
@Module({ imports: [ConfigModule.forFeature(consoleConfig)], controllers: [ConsoleController] })
export class ConsoleModule {}
