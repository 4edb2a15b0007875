import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { findUnsafeInput } from './safe-input';

/**
 * What the client sent: bodies, query strings, path parameters; GraphQL arguments and RPC
 * payloads arrive as 'body' too. Custom decorators (the caller, headers) are the server's own.
 */
const CLIENT_INPUT: ReadonlySet<ArgumentMetadata['type']> = new Set(['body', 'query', 'param']);

/**
 * class-validator, preceded by the one text and nesting rule for every string of every input
 * (`findUnsafeInput`), whatever its DTO says. A breach is reported through the pipe's own
 * exceptionFactory, like any other invalid field, before anything recursive touches the value.
 */
export class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (CLIENT_INPUT.has(metadata.type)) {
      const unsafe = findUnsafeInput(value, typeof metadata.data === 'string' ? metadata.data : '');
      if (unsafe.length > 0) {
        const errors: ValidationError[] = unsafe.map(({ path, message }) => ({ property: path, constraints: { safeInput: message }, children: [] }));
        throw this.exceptionFactory(errors);
      }
    }
    return super.transform(value, metadata);
  }
}
