import { ValidationPipe } from '@nestjs/common';
import { PlatformErrorCodes, validationFieldErrors } from '@chronicle/messaging';
import { GatewayError } from './gateway-error';

/** class-validator on bodies, query strings and GraphQL args: unknown fields are a 400 that names every bad field. */
export function createHttpValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new GatewayError(PlatformErrorCodes.VALIDATION_FAILED, 400, 'The request is invalid', { fields: validationFieldErrors(errors) }),
  });
}
