import { fnv1a } from '../core/partition';

/** Session advisory-lock keys: (namespace of the projection, partition or member pid); unsigned. */
export const partitionKey = (projection: string): number => fnv1a(`chronicle-projection-partition:${projection}`);
export const memberKey = (projection: string): number => fnv1a(`chronicle-projection-member:${projection}`);
