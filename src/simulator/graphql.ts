import type { Request, Response } from 'express';
import { emitLevelChanges, snapshotAvailable } from './level-webhooks';
import {
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  print,
  validate,
  type DocumentNode,
  type FieldNode,
} from 'graphql';
import type { SimContext } from './context';
import { actualCost, requestedCost } from './cost';
import { takeFault } from './faults';
import { parseError, validationErrors, variableError, type ShopifyError } from './graphql-errors';
import { missingIdempotency } from './idempotency';
import { fieldResolver, rootValue } from './resolvers';
import { adminSchema, SUPPORTED_VERSIONS } from './schema';
import type { Shop, SimStore } from './store';
import { charge, costExtension, MAX_QUERY_COST, available, maxCostError, throttledError } from './throttle';
import type { WebhookEmitter } from './webhooks';

export { adminSchema, SUPPORTED_VERSIONS } from './schema';

/**
 * POST /admin/api/{version}/graphql.json, in Shopify's order: the access token
 * picks the shop (401 otherwise), the document is parsed and validated against
 * the real Admin schema, variables are coerced, the shop's cost bucket is
 * charged (THROTTLED / MAX_COST_EXCEEDED), then it executes against the
 * simulator's state. Injected faults apply on the way.
 */
export const INVALID_TOKEN_BODY = {
  errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
};

function errorPayload(e: GraphQLError): ShopifyError {
  return {
    message: e.message,
    locations: e.locations,
    path: e.path,
    extensions: { ...(e.extensions?.code ? { code: e.extensions.code } : {}), ...e.extensions },
  };
}

export function graphqlHandler(store: SimStore, webhooks: WebhookEmitter) {
  return async (req: Request, res: Response) => {
    const shop = store.shopByToken(req.get('x-shopify-access-token'));
    if (!shop) {
      res.status(401).json(INVALID_TOKEN_BODY);
      return;
    }
    const version = String(req.params.version);
    if (!SUPPORTED_VERSIONS.includes(version)) {
      res.status(404).json({ errors: 'Not Found' });
      return;
    }
    const body = (req.body ?? {}) as {
      query?: unknown;
      variables?: Record<string, unknown> | null;
      operationName?: string | null;
    };
    const variables = body.variables ?? {};
    let document: DocumentNode;
    try {
      if (typeof body.query !== 'string' || !body.query.trim()) throw new GraphQLError('No query string was present');
      document = parse(body.query);
    } catch (err) {
      log(shop, null, [], 200, 0, 0);
      res.json({ errors: [parseError(err as GraphQLError)] });
      return;
    }
    const invalid = validate(adminSchema(), document);
    if (invalid.length) {
      log(shop, null, [], 200, 0, 0);
      res.json({ errors: validationErrors(adminSchema(), invalid, document) });
      return;
    }
    const op = getOperationAST(document, body.operationName ?? null);
    if (!op) {
      res.json({
        errors: [
          {
            message: body.operationName
              ? `No operation named "${body.operationName}"`
              : 'An operation name is required',
            extensions: { code: 'OPERATION_NOT_FOUND' },
          },
        ],
      });
      return;
    }
    const name = op.name?.value ?? null;
    const rootFields = op.selectionSet.selections.flatMap((s) =>
      s.kind === 'Field' ? [(s as FieldNode).name.value] : [],
    );
    const coerced = getVariableValues(adminSchema(), op.variableDefinitions ?? [], variables);
    if (coerced.errors) {
      const declared = new Map((op.variableDefinitions ?? []).map((d) => [d.variable.name.value, print(d.type)]));
      log(shop, name, rootFields, 200, 0, 0);
      res.json({ errors: coerced.errors.map((e) => variableError(e, declared, variables)) });
      return;
    }
    const missing = missingIdempotency(op, version);
    if (missing.length) {
      log(shop, name, rootFields, 200, 0, 0);
      res.json({ errors: missing });
      return;
    }

    const fault = takeFault(shop, name, rootFields);
    if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms ?? 1000));
    if (fault?.kind === 'error5xx') {
      log(shop, name, rootFields, 503, 0, 0);
      res.status(503).json({ errors: 'Service Unavailable' });
      return;
    }
    const requested = requestedCost(adminSchema(), op, coerced.coerced);
    if (requested > MAX_QUERY_COST) {
      log(shop, name, rootFields, 200, requested, 0);
      res.json({ errors: [maxCostError(requested)], extensions: costExtension(shop, requested, null) });
      return;
    }
    if (fault?.kind === 'throttle' || requested > available(shop)) {
      log(shop, name, rootFields, 200, requested, 0, true);
      res.json({ errors: [throttledError()], extensions: costExtension(shop, requested, null) });
      return;
    }

    charge(shop, requested);
    // baseUrl: absolute URLs the API hands out (a bulk operation's result file) name the host the caller used.
    const context: SimContext & { baseUrl: string } = {
      shop,
      store,
      webhooks,
      baseUrl: `${req.protocol}://${req.get('host')}`,
    };
    const levelsBefore = op.operation === 'mutation' ? snapshotAvailable(shop) : null;
    const result = await execute({
      schema: adminSchema(),
      document,
      rootValue,
      contextValue: context,
      variableValues: variables,
      operationName: body.operationName ?? undefined,
      fieldResolver,
    });
    if (levelsBefore) emitLevelChanges(shop, webhooks, levelsBefore);
    const actual = actualCost(op, result.data);
    charge(shop, actual - requested);
    log(shop, name, rootFields, 200, requested, actual);
    if (fault?.kind === 'loseResponse') {
      req.socket.destroy(); // committed; the caller never hears of it
      return;
    }
    res.json({
      ...(result.errors?.length ? { errors: result.errors.map(errorPayload) } : {}),
      data: result.data ?? null,
      extensions: costExtension(shop, requested, actual),
    });
  };
}

function log(
  shop: Shop,
  operationName: string | null,
  rootFields: string[],
  status: number,
  requestedCost: number,
  actualCost: number,
  throttled = false,
) {
  shop.requestLog.push({
    operationName,
    rootFields,
    requestedCost,
    actualCost,
    throttled,
    status,
    at: new Date().toISOString(),
  });
  if (shop.requestLog.length > 50_000) shop.requestLog.splice(0, shop.requestLog.length - 50_000);
}
