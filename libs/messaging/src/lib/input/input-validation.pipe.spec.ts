import { IsString, Length } from 'class-validator';
import type { ArgumentMetadata, ValidationError } from '@nestjs/common';
import { InputValidationPipe } from './input-validation.pipe';

class NameBody {
  @IsString()
  @Length(1, 10)
  name!: string;
}

class Rejected extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('rejected');
  }
}

const pipe = new InputValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: (errors) => new Rejected(errors) });
const body: ArgumentMetadata = { type: 'body', metatype: NameBody };

async function rejection(value: unknown, metadata: ArgumentMetadata): Promise<Record<string, unknown>> {
  const error = await pipe.transform(value, metadata).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Rejected)) throw new Error(`expected a rejection, got ${String(error)}`);
  return Object.fromEntries(error.errors.map((e) => [e.property, e.constraints]));
}

describe('InputValidationPipe', () => {
  it('rejects a control character through the exceptionFactory, before class-validator looks', async () => {
    expect(await rejection({ name: 'A\u0000' }, body)).toEqual({ name: { safeInput: 'name must not contain a control character (U+0000)' } });
  });

  it('prefixes the argument name (a GraphQL argument, a query or path parameter)', async () => {
    expect(await rejection({ name: '\ud800' }, { type: 'body', metatype: NameBody, data: 'input' })).toEqual({
      'input.name': { safeInput: 'input.name must not contain a lone surrogate (U+D800)' },
    });
    expect(await rejection('a\u0085', { type: 'param', metatype: String, data: 'id' })).toHaveProperty('id');
    expect(await rejection({ email: 'a\u001b' }, { type: 'query', metatype: Object })).toHaveProperty('email');
  });

  it('rejects a value nested too deep before anything recursive (class-transformer, stripProtoKeys) touches it', async () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(Object.keys(await rejection({ name: deep }, body))).toEqual([`name${'.0'.repeat(31)}`]);
  });

  it('leaves the server’s own arguments (custom decorators) alone and still runs class-validator', async () => {
    await expect(pipe.transform({ raw: 'a\u0000' }, { type: 'custom' })).resolves.toEqual({ raw: 'a\u0000' });
    expect(await rejection({ name: 'far too long a name' }, body)).toEqual({ name: expect.objectContaining({ isLength: expect.any(String) }) });
    await expect(pipe.transform({ name: 'Ada 😀' }, body)).resolves.toBeInstanceOf(NameBody);
  });
});
