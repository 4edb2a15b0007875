import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { v7 as uuidv7 } from 'uuid';
import type { GatewayRequest } from './gateway-request';
import { problemFrom, PROBLEM_CONTENT_TYPE, type Problem } from './problem';

const logger = new Logger('ProblemDetails');

function sendProblem(res: Response, problem: Problem): void {
  if (res.headersSent) {
    res.end(); // a stream (SSE) already under way: nothing more can be said
    return;
  }
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

function logIfOurFault(error: unknown, problem: Problem): void {
  // Downstream 503/504s are the services' to report; a 500 is ours.
  if (problem.status === 500) logger.error(`${problem.code} (correlation ${problem.correlationId})`, error instanceof Error ? error.stack : String(error));
}

/**
 * The one place errors become responses: `application/problem+json` over HTTP, a GraphQL error
 * with `extensions.code` in resolvers. Downstream codes map to HTTP through `statusOfCode`.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') {
      const req = (host.getArgByIndex(2) as { req?: GatewayRequest } | undefined)?.req;
      const problem = problemFrom(error, req?.correlationId ?? uuidv7());
      logIfOurFault(error, problem);
      const { type: _type, title: _title, detail, ...extensions } = problem;
      return new GraphQLError(detail, { extensions });
    }
    const http = host.switchToHttp();
    const req = http.getRequest<GatewayRequest>();
    const problem = problemFrom(error, req.correlationId ?? uuidv7());
    logIfOurFault(error, problem);
    sendProblem(http.getResponse<Response>(), problem);
    return undefined;
  }
}
