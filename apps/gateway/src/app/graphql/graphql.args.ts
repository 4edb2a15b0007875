import { Args, type ComplexityEstimatorArgs } from '@nestjs/graphql';
import { parseIfMatch, parseMinPosition } from '../http/request-headers';

const DEFAULT_PAGE = 20;

/** `minPosition` (read-your-writes), validated like the X-Min-Position header. */
export const PositionArg = (): ParameterDecorator =>
  Args('minPosition', { type: () => String, nullable: true, description: 'A position from a mutation: answer once the read model has it' }, {
    transform: (value: string | null | undefined) => parseMinPosition(value ?? undefined),
  });

/** `expectedRevision` (optimistic concurrency), validated like the If-Match header. */
export const RevisionArg = (): ParameterDecorator =>
  Args('expectedRevision', { type: () => String, nullable: true, description: 'The revision you read: a stale one is WRONG_EXPECTED_REVISION' }, {
    transform: (value: string | null | undefined) => (value == null ? undefined : parseIfMatch(value)),
  });

/** Cost of a page: its size times what each item asks for. */
export const pageComplexity = ({ args, childComplexity }: ComplexityEstimatorArgs): number =>
  Math.max(1, Number(args['first'] ?? args['limit'] ?? DEFAULT_PAGE)) * childComplexity;
