import { names } from '@nx/devkit';

export interface ContextPorts {
  commandRpc: number;
  commandOps: number;
  queryRpc: number;
  queryOps: number;
}

/** Every name the context's files use, from its kebab-case name (`shipping` -> Shipping, SHIPPING, ShippingItem...). */
export interface ContextNames {
  /** kebab-case: file names, project names, routes (`loyalty-points`). */
  ctx: string;
  /** PascalCase (`LoyaltyPoints`). */
  Ctx: string;
  /** camelCase (`loyaltyPoints`). */
  ctxProp: string;
  /** CONSTANT_CASE, the prefix of its variables (`LOYALTY_POINTS`). */
  CTX: string;
  /** The example aggregate, kebab-case (`loyalty-points-item`) ... */
  agg: string;
  Agg: string;
  aggProp: string;
  AGG: string;
  /** Stream category of the aggregate (`loyalty_points_item`: streams `loyalty_points_item-<uuid>`). */
  category: string;
  /** Name of the query side's projection (`loyalty_points_items`). */
  projection: string;
}

export function contextNames(name: string): ContextNames {
  const ctx = names(name);
  const agg = names(`${name}-item`);
  const snake = ctx.constantName.toLowerCase();
  return {
    ctx: ctx.fileName,
    Ctx: ctx.className,
    ctxProp: ctx.propertyName,
    CTX: ctx.constantName,
    agg: agg.fileName,
    Agg: agg.className,
    aggProp: agg.propertyName,
    AGG: agg.constantName,
    category: `${snake}_item`,
    projection: `${snake}_items`,
  };
}
