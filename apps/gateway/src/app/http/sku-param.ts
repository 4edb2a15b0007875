import { Param, type PipeTransform } from '@nestjs/common';
import { SKU_PATTERN } from '@chronicle/inventory-contracts';
import { GatewayError, GatewayErrorCodes } from './gateway-error';

const sku: PipeTransform<string, string> = {
  transform: (value) => {
    if (!SKU_PATTERN.test(value)) throw new GatewayError(GatewayErrorCodes.NOT_FOUND, 404, 'No such item');
    return value;
  },
};

/** A SKU in the path: anything that cannot be a SKU names nothing (404). */
export const SkuParam = (name: string): ParameterDecorator => Param(name, sku);
