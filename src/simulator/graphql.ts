import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import { buildClientSchema, execute, getOperationAST, parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { projectRoot } from '../paths';
import { actualCost, requestedCost } from './cost';
import type { SimContext } from './context';
import { fulfillmentMutations } from './mutations-fulfillment';
import { orderMutations } from './mutations-order';
import { paymentMutations } from './mutations-payment';
import { queryRoot } from './queries';
import type { Fault, Shop, SimStore } from './store';
import type { WebhookEmitter } from './webhooks';

/**
 * POST /admin/api/{version}/graphql.json: every document is validated against
 * the real Admin schema, charged against the shop's cost bucket, and executed
 * against the simulator's state. Faults injected through the control API apply here.
 */
export const SUPPORTED_VERSIONS = ['2026-01', '2026-04', '2026-07', '2026-10', 'unstable'];
const MAX_QUERY_COST = 1000;
/** Mutations that require @idempotent(key:) from API 2026-04 on. */
const IDEMPOTENT_REQUIRED = ['refundCreate', 'inventorySetQuantities', 'inventoryAdjustQuantities', 'inventoryMoveQuantities'];

let schema: GraphQLSchema | null = null;
export function adminSchema(): GraphQLSchema {
  if (!schema) {
    const file = path.join(projectRoot(), 'schema', 'admin_2026-10.json.gz');
    schema = buildClientSchema(JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')).data);
  }
  return schema;
}

const rootValue = { ...queryRoot, ...paymentMutations, ...fulfillmentMutations, ...orderMutations };

/** Shopify's wording for the most common validation failure; graphql-js's elsewhere. */
function shopifyError(e: GraphQLError) {
  const m = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(e.message);
  if (m) return { message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`, locations: e.locations, path: e.path, extensions: { code: 'undefinedField', typeName: m[2], fieldName: m[1] } };
  return { message: e.message, locations: e.locations, path: e.path, extensions: { code: e.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED' } };
}

function bucketNow(shop: Shop) {
  const now = Date.now();
  shop.bucket.available = Math.min(shop.throttle.maximumAvailable, shop.bucket.available + ((now - shop.bucket.at) / 1000) * shop.throttle.restoreRate);
  shop.bucket.at = now;
  return shop.bucket.available;
}

function costExtension(shop: Shop, requested: number, actual: number | null) {
  return {
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: { maximumAvailable: shop.throttle.maximumAvailable, currentlyAvailable: Math.floor(shop.bucket.available), restoreRate: shop.throttle.restoreRate },
    },
  };
}

function takeFault(shop: Shop, operationName: string | null, rootFields: string[]): Fault | null {
  const f = shop.faults.find((x) => x.remaining > 0 && (!x.operationName || x.operationName === operationName) && (!x.field || rootFields.includes(x.field)));
  if (!f) return null;
  f.remaining -= 1;
  shop.faults = shop.faults.filter((x) => x.remaining > 0);
  return f;
}

export function graphqlHandler(store: SimStore, webhooks: WebhookEmitter) {
  return async (req: Request, res: Response) => {
    const shop = store.shopByToken(req.get('x-shopify-access-token'));
    if (!shop) {
      res.status(401).json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      return;
    }
    if (!SUPPORTED_VERSIONS.includes(String(req.params.version))) {
      res.status(404).json({ errors: 'Not Found' });
      return;
    }
    const { query, variables = {}, operationName = null } = (req.body ?? {}) as { query?: string; variables?: Record<string, unknown>; operationName?: string | null };
    let document: DocumentNode;
    try {
      document = parse(String(query ?? ''));
    } catch (err) {
      res.json({ errors: [{ message: (err as GraphQLError).message, locations: (err as GraphQLError).locations, extensions: { code: 'parseError' } }] });
      return;
    }
    const invalid = validate(adminSchema(), document);
    if (invalid.length) {
      res.json({ errors: invalid.map(shopifyError) });
      return;
    }
    const op = getOperationAST(document, operationName);
    if (!op) {
      res.json({ errors: [{ message: 'An operation name is required when the document has several', extensions: { code: 'operationNameRequired' } }] });
      return;
    }
    const name = op.name?.value ?? null;
    const fields = op.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s] : []));
    const rootFields = fields.map((f) => f.name.value);
    const log = (status: number, requested: number, actual: number, throttled = false) =>
      shop.requestLog.push({ operationName: name, rootFields, requestedCost: requested, actualCost: actual, throttled, status, at: new Date().toISOString() });

    const fault = takeFault(shop, name, rootFields);
    if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms ?? 1000));
    if (fault?.kind === 'error5xx') {
      log(503, 0, 0);
      res.status(503).json({ errors: 'Service Unavailable (injected)' });
      return;
    }

    const requested = requestedCost(adminSchema(), op, variables);
    if (requested > MAX_QUERY_COST) {
      log(200, requested, 0);
      res.json({ errors: [{ message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`, extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: MAX_QUERY_COST } }] });
      return;
    }
    if (fault?.kind === 'throttle' || requested > bucketNow(shop)) {
      log(200, requested, 0, true);
      res.json({ errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }], extensions: costExtension(shop, requested, null) });
      return;
    }

    // @idempotent(key:): required on some mutations; a repeated key replays the stored answer.
    let idempotency: { key: string; fingerprint: string } | null = null;
    if (op.operation === 'mutation') {
      for (const f of fields) {
        const directive = f.directives?.find((d) => d.name.value === 'idempotent');
        if (!directive && IDEMPOTENT_REQUIRED.includes(f.name.value)) {
          log(200, requested, 0);
          res.json({ errors: [{ message: `The @idempotent directive is required for the ${f.name.value} mutation.`, path: [f.name.value], extensions: { code: 'BAD_REQUEST' } }] });
          return;
        }
        const arg = directive?.arguments?.find((a) => a.name.value === 'key')?.value;
        const key = arg?.kind === 'Variable' ? String(variables[arg.name.value]) : arg?.kind === 'StringValue' ? arg.value : null;
        if (key) idempotency = { key: `${f.name.value}:${key}`, fingerprint: JSON.stringify({ q: query, v: variables }) };
      }
    }
    const prior = idempotency ? shop.idempotency.get(idempotency.key) : undefined;
    if (prior && idempotency) {
      if (prior.fingerprint !== idempotency.fingerprint) {
        log(200, requested, 0);
        res.json({ errors: [{ message: 'The idempotency key has already been used with different arguments.', extensions: { code: 'IDEMPOTENCY_CONCURRENT_REQUEST' } }] });
        return;
      }
      log(200, requested, requested);
      res.json({ ...(prior.result as object), extensions: costExtension(shop, requested, requested) });
      return;
    }

    shop.bucket.available -= requested;
    const context: SimContext = { shop, store, webhooks };
    const result = await execute({ schema: adminSchema(), document, rootValue, contextValue: context, variableValues: variables, operationName });
    const actual = actualCost(op, result.data);
    shop.bucket.available += Math.max(0, requested - actual);
    const body = { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors.map((e) => ({ message: e.message, path: e.path, locations: e.locations })) } : {}) };
    if (idempotency) shop.idempotency.set(idempotency.key, { fingerprint: idempotency.fingerprint, result: body, at: Date.now() });
    log(200, requested, actual);
    if (fault?.kind === 'loseResponse') {
      req.socket.destroy(); // the mutation is committed; the caller never hears of it
      return;
    }
    res.json({ ...body, extensions: costExtension(shop, requested, actual) });
  };
}
