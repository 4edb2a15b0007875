import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../auth/auth.decorators';
import { GatewayError, GatewayErrorCodes } from '../http/gateway-error';
import { consoleConfig, type ConsoleConfig } from './console.config';
import { resolveConsoleFile } from './console-files';

/** The console only talks to this gateway: no script, style or connection from elsewhere, no framing. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The operators' web console (apps/console, built to static files) at /console. Public: the files
 * hold no data, and the console signs in against POST /auth/login like any client.
 */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller('console')
export class ConsoleController {
  constructor(@Inject(consoleConfig.KEY) private readonly config: ConsoleConfig) {}

  @Get(['', '*path'])
  async serve(@Param('path') path: string[] | string | undefined, @Res() res: Response): Promise<void> {
    const { distDir } = this.config;
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new GatewayError(GatewayErrorCodes.NOT_FOUND, 404, `The console is not built (no ${distDir}/index.html): run \`npx nx build console\``);
    }
    const segments = path === undefined ? [] : Array.isArray(path) ? path : path.split('/');
    const file = await resolveConsoleFile(distDir, segments);
    res.setHeader('Cache-Control', file.cacheControl);
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // A file removed between the look and the send (a rebuild of the console): answered, never left hanging.
    res.sendFile(file.path, (error) => {
      if (error && !res.headersSent) res.status(404).end();
    });
  }
}
