import { execute, GraphQLError, isNonNullType, type GraphQLFieldResolver } from 'graphql';
import { bulkMutations } from './bulk';
import type { SimContext } from './context';
import { idempotent, IDEMPOTENT_ACCEPTED } from './idempotency';
import { fulfillmentMutations } from './mutations-fulfillment';
import { fulfillmentServiceMutations } from './mutations-fulfillment-service';
import { inventoryMutations } from './mutations-inventory';
import { invoiceMutations } from './order-invoices';
import { mandatePaymentMutations } from './mandate-payments';
import { orderMutations } from './mutations-order';
import { orderEditMutations } from './order-edits';
import { paymentMutations } from './mutations-payment';
import { productQueries } from './products';
import { queryRoot } from './queries';
import { returnProcessMutations } from './return-process';
import { returnQueries } from './return-queries';
import { returnMutations } from './returns';
import { reverseLogisticsMutations } from './reverse-logistics';
import { adminSchema } from './schema';

/**
 * The root resolvers, and the field resolver for everything below them: the
 * views (views.ts) are plain objects whose properties are values or functions
 * of the field's arguments. A field the simulator does not model resolves to
 * null, or, where the schema forbids null, to an error that says so: never to
 * invented data.
 */
const mutations: Record<string, (args: any, ctx: SimContext, info: any) => unknown> = {
  ...paymentMutations,
  ...mandatePaymentMutations,
  ...invoiceMutations,
  ...fulfillmentMutations,
  ...fulfillmentServiceMutations,
  ...orderMutations,
  ...orderEditMutations,
  ...inventoryMutations,
  ...returnMutations,
  ...reverseLogisticsMutations,
  ...returnProcessMutations,
};
// Bulk operations run a document in the background, through these same resolvers.
Object.assign(
  mutations,
  bulkMutations((document, contextValue) =>
    Promise.resolve(execute({ schema: adminSchema(), document, rootValue, contextValue, fieldResolver })),
  ),
);
for (const field of IDEMPOTENT_ACCEPTED) if (mutations[field]) mutations[field] = idempotent(field, mutations[field]);

export const rootValue: Record<string, unknown> = { ...queryRoot, ...productQueries, ...returnQueries, ...mutations };

export const fieldResolver: GraphQLFieldResolver<unknown, SimContext> = (source, args, ctx, info) => {
  if (source && typeof source === 'object' && info.fieldName in source) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    return typeof value === 'function' ? value(args, ctx, info) : value;
  }
  if (isNonNullType(info.returnType)) {
    throw new GraphQLError(`${info.parentType.name}.${info.fieldName} is not supported by the Shopify simulator`, {
      extensions: { code: 'NOT_SUPPORTED_BY_SIMULATOR' },
    });
  }
  return null;
};
