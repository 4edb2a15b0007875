import type { GatewayRequest } from '../http/gateway-request';
import type { IdentityLoaders } from './identity.loaders';

/** What every resolver gets as its GraphQL context. */
export interface GraphqlContext {
  req: GatewayRequest;
  loaders: IdentityLoaders;
}
