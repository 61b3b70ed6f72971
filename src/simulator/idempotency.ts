import {
  getDirectiveValues,
  getNamedType,
  isEnumType,
  isObjectType,
  type FieldNode,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
} from 'graphql';
import type { SimContext } from './context';
import type { ShopifyError } from './graphql-errors';

/**
 * The `@idempotent(key:)` directive. Required on these mutations from API
 * 2026-04 on (Shopify refuses the request at runtime although the schema does
 * not mark it required). A repeated key with the same arguments within 24
 * hours replays the first execution's payload and changes nothing; with other
 * arguments it is refused.
 */
export const IDEMPOTENT_REQUIRED = [
  'refundCreate',
  'inventorySetQuantities',
  'inventoryAdjustQuantities',
  'inventoryMoveQuantities',
];
/** Mutations that honour the directive when it is given, without requiring it. */
export const IDEMPOTENT_ACCEPTED = [...IDEMPOTENT_REQUIRED, 'returnProcess'];
const TTL_MS = 24 * 3600 * 1000;

export function requiresIdempotency(version: string): boolean {
  return version === 'unstable' || version >= '2026-04';
}

/** Top-level errors for required-idempotent mutation fields sent without the directive. */
export function missingIdempotency(op: OperationDefinitionNode, version: string): ShopifyError[] {
  if (op.operation !== 'mutation' || !requiresIdempotency(version)) return [];
  return op.selectionSet.selections
    .filter((s): s is FieldNode => s.kind === 'Field' && IDEMPOTENT_REQUIRED.includes(s.name.value))
    .filter((f) => !f.directives?.some((d) => d.name.value === 'idempotent'))
    .map((f) => ({
      message: `The @idempotent directive is required for the ${f.name.value} mutation in API version ${version}. Pass an idempotency key with @idempotent(key: "...").`,
      locations: f.loc ? [{ line: f.loc.startToken.line, column: f.loc.startToken.column }] : undefined,
      path: [f.alias?.value ?? f.name.value],
      extensions: { code: 'IDEMPOTENCY_KEY_REQUIRED', fieldName: f.name.value },
    }));
}

/** Arguments in a canonical form (object keys sorted) to compare retries. */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

type Resolver = (args: any, ctx: SimContext, info: GraphQLResolveInfo) => unknown;

/**
 * IDEMPOTENCY_KEY_PARAMETER_MISMATCH where the payload's userError code enum has
 * it (the mutations Shopify documents as idempotent); null where it has not
 * (returnProcess's ReturnErrorCode), so the answer still serializes.
 */
function mismatchCode(info: GraphQLResolveInfo): string | null {
  const payload = getNamedType(info.returnType);
  const userErrors = isObjectType(payload) ? payload.getFields().userErrors : undefined;
  const error = userErrors ? getNamedType(userErrors.type) : undefined;
  const code = isObjectType(error) ? error.getFields().code : undefined;
  const codes = code ? getNamedType(code.type) : undefined;
  return isEnumType(codes) && codes.getValue('IDEMPOTENCY_KEY_PARAMETER_MISMATCH')
    ? 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH'
    : null;
}

/** The key of the field's `@idempotent(key:)` directive, if it has one. */
function directiveKey(_args: unknown, info: GraphQLResolveInfo): string | undefined {
  const directive = info.schema.getDirective('idempotent');
  return directive
    ? (getDirectiveValues(directive, info.fieldNodes[0]!, info.variableValues)?.key as string | undefined)
    : undefined;
}

/**
 * Wrap a mutation resolver so that a repeated key replays instead of executing:
 * the @idempotent directive's key, or what `keyOf` reads (a mutation with an
 * idempotencyKey argument of its own, such as orderCreateMandatePayment).
 */
export function idempotent(
  field: string,
  resolve: Resolver,
  keyOf: (args: any, info: GraphQLResolveInfo) => string | undefined = directiveKey,
): Resolver {
  return (args, ctx, info) => {
    const key = keyOf(args, info);
    if (!key) return resolve(args, ctx, info);
    const now = Date.now();
    for (const [k, v] of ctx.shop.idempotency) if (now - v.at > TTL_MS) ctx.shop.idempotency.delete(k);
    const slot = `${field}:${key}`;
    const print = fingerprint(args);
    const prior = ctx.shop.idempotency.get(slot);
    if (prior) {
      if (prior.fingerprint === print) return prior.result;
      return {
        userErrors: [
          {
            field: null,
            message: 'The same idempotency key cannot be used with different operation parameters.',
            code: mismatchCode(info),
          },
        ],
      };
    }
    const result = resolve(args, ctx, info);
    ctx.shop.idempotency.set(slot, { fingerprint: print, result, at: now });
    return result;
  };
}
