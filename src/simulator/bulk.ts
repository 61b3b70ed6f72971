import type { Request, Response } from 'express';
import {
  getNamedType,
  GraphQLError,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type SelectionSetNode,
} from 'graphql';
import { userError, type SimContext } from './context';
import { adminSchema } from './schema';
import { nowIso, type Shop, type SimStore } from './store';

/**
 * Bulk query operations as Shopify runs them (bulkOperationRunQuery): the
 * query is validated up front (INVALID userErrors), one query operation runs
 * at a time per shop (OPERATION_IN_PROGRESS), and it runs in the background:
 * CREATED, then RUNNING, then COMPLETED (or FAILED) a few milliseconds later,
 * so callers poll. It executes against the simulator's state with no
 * pagination (pagination arguments are dropped: every connection returns all
 * its nodes) and no cost limit, and writes JSONL as Shopify does: one line per
 * node of every connection, a nested connection's nodes on their own lines
 * after their parent with `__parentId`. The file is served at
 * GET /_sim/bulk/<id>.jsonl (the operation's `url`, absolute on the caller's
 * host). `bulk_operations/finish` is emitted when it ends. Operations live in
 * memory only (not in the saved state file), as their URLs expire in Shopify.
 */
export interface SimBulkOperation {
  gid: string;
  type: 'QUERY' | 'MUTATION';
  status: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELING' | 'CANCELED';
  query: string;
  createdAt: string;
  completedAt: string | null;
  errorCode: 'ACCESS_DENIED' | 'INTERNAL_SERVER_ERROR' | 'TIMEOUT' | null;
  objectCount: number;
  rootObjectCount: number;
  /** The JSONL once completed. */
  result: string | null;
  /** The base URL of the request that created it (the url field prefers the reader's). */
  baseUrl: string;
}

/** How the simulator executes a document against a shop (resolvers.ts injects it; this file must not import the resolvers). */
export type BulkExecutor = (document: DocumentNode, ctx: SimContext) => Promise<ExecutionResult>;

/** The request's base URL, set by graphql.ts on the context so `url` is absolute. */
export type BulkContext = SimContext & { baseUrl?: string };

/** Timing: how long an operation stays CREATED, and at least RUNNING, so pollers see each state. */
export const BULK_TIMING = { createdMs: 10, minRunningMs: 150 };

/** A shop's own minimum RUNNING time (control API), for tests that must act on a running operation. */
const runningMsOf = new WeakMap<Shop, number>();
export function setBulkMinRunningMs(shop: Shop, ms: number | null) {
  if (ms === null) runningMsOf.delete(shop);
  else runningMsOf.set(shop, ms);
}
const minRunningMs = (shop: Shop) => runningMsOf.get(shop) ?? BULK_TIMING.minRunningMs;

const MAX_CONNECTIONS = 5;
const MAX_DEPTH = 2;

const operations = new WeakMap<Shop, SimBulkOperation[]>();
const opsOf = (shop: Shop) => {
  let list = operations.get(shop);
  if (!list) operations.set(shop, (list = []));
  return list;
};

const isConnection = (t: GraphQLNamedType) =>
  isObjectType(t) && t.name.endsWith('Connection') && 'edges' in t.getFields();
const pending = (op: SimBulkOperation) =>
  op.status === 'CREATED' || op.status === 'RUNNING' || op.status === 'CANCELING';

export function bulkOperationById(shop: Shop, id: string): SimBulkOperation | undefined {
  return opsOf(shop).find((o) => o.gid === id);
}

export function bulkOperationView(op: SimBulkOperation, ctx: SimContext) {
  const base = (ctx as BulkContext).baseUrl ?? op.baseUrl;
  const size = op.result === null ? null : Buffer.byteLength(op.result, 'utf8');
  return {
    __typename: 'BulkOperation',
    id: op.gid,
    type: op.type,
    status: op.status,
    query: op.query,
    createdAt: op.createdAt,
    completedAt: op.completedAt,
    errorCode: op.errorCode,
    // UnsignedInt64 travels as a string in Shopify's responses.
    objectCount: String(op.objectCount),
    rootObjectCount: String(op.rootObjectCount),
    fileSize: size === null || size === 0 ? null : String(size),
    // Shopify gives no URL for an operation that produced no objects.
    url: op.status === 'COMPLETED' && op.objectCount > 0 ? `${base}/_sim/bulk/${op.gid.split('/').pop()}.jsonl` : null,
    partialDataUrl: null,
  };
}

/** The newest operation of a type (currentBulkOperation), whatever its status. */
export function currentBulkOperation(shop: Shop, type = 'QUERY'): SimBulkOperation | undefined {
  return opsOf(shop)
    .filter((o) => o.type === type)
    .at(-1);
}

/** Why a bulk query is refused, in Shopify's words where known; null when acceptable. */
function invalidBulkQuery(query: string): { document: DocumentNode; error: null } | { document: null; error: string } {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (err) {
    return { document: null, error: `Invalid bulk query: ${(err as GraphQLError).message}` };
  }
  const errors = validate(adminSchema(), document);
  if (errors.length) return { document: null, error: `Invalid bulk query: ${errors.map((e) => e.message).join('; ')}` };
  const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.length !== 1 || ops[0]!.kind !== Kind.OPERATION_DEFINITION || ops[0]!.operation !== 'query')
    return { document: null, error: 'Invalid bulk query: the document must hold exactly one query operation' };
  if (ops[0]!.variableDefinitions?.length)
    return { document: null, error: 'Invalid bulk query: variables are not supported in bulk queries' };
  let connections = 0;
  let depth = 0;
  let maxDepth = 0;
  const withoutId: string[] = [];
  const typeInfo = new TypeInfo(adminSchema());
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node, _key, _parent, _path, ancestors) {
          const t = typeInfo.getType();
          if (t && isConnection(getNamedType(t))) {
            connections += 1;
            depth += 1;
            maxDepth = Math.max(maxDepth, depth);
            // A nested connection's lines name their parent by id, so the parent node must select it.
            const owner = [...ancestors]
              .reverse()
              .find(
                (a): a is FieldNode =>
                  !Array.isArray(a) &&
                  (a as FieldNode).kind === Kind.FIELD &&
                  ['node', 'nodes'].includes((a as FieldNode).name.value),
              );
            if (
              depth > 1 &&
              owner &&
              !owner.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'id' && !s.alias)
            )
              withoutId.push(node.name.value);
          }
        },
        leave() {
          const t = typeInfo.getType();
          if (t && isConnection(getNamedType(t))) depth -= 1;
        },
      },
    }),
  );
  if (!connections) return { document: null, error: 'Bulk queries must contain at least one connection.' };
  if (connections > MAX_CONNECTIONS)
    return { document: null, error: `Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.` };
  if (withoutId.length)
    return {
      document: null,
      error: `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': ${withoutId.join(', ')}.`,
    };
  if (maxDepth > MAX_DEPTH)
    return {
      document: null,
      error: `Bulk queries cannot contain connections with a nesting depth greater than ${MAX_DEPTH}.`,
    };
  return { document, error: null };
}

/** The document with pagination arguments removed from every connection field: a bulk query reads everything. */
function withoutPagination(document: DocumentNode): DocumentNode {
  const typeInfo = new TypeInfo(adminSchema());
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const t = typeInfo.getType();
        if (!t || !isConnection(getNamedType(t)) || !node.arguments?.length) return undefined;
        return {
          ...node,
          arguments: node.arguments.filter((a) => !['first', 'last', 'after', 'before'].includes(a.name.value)),
        };
      },
    }),
  );
}

/**
 * The JSONL lines of a bulk query's result: each connection node a line, a
 * nested connection's nodes after their parent with `__parentId` (the id of
 * the nearest enclosing node that has one).
 */
export function toJsonl(
  document: DocumentNode,
  data: Record<string, unknown>,
): { lines: Record<string, unknown>[]; roots: number } {
  const schema = adminSchema();
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const lines: Record<string, unknown>[] = [];
  let roots = 0;

  const fieldsOf = (
    set: SelectionSetNode | undefined,
    type: GraphQLCompositeType,
  ): { node: FieldNode; type: GraphQLCompositeType }[] => {
    if (!set) return [];
    return set.selections.flatMap((s) => {
      if (s.kind === Kind.FIELD) return [{ node: s, type }];
      const frag = s.kind === Kind.INLINE_FRAGMENT ? s : fragments.get(s.name.value);
      if (!frag) return [];
      const cond = frag.typeCondition ? (schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType) : type;
      return fieldsOf(frag.selectionSet, cond);
    });
  };

  const nodesOf = (connField: FieldNode, value: Record<string, unknown>, connType: GraphQLObjectType) => {
    const out: { value: Record<string, unknown>; set: SelectionSetNode | undefined; type: GraphQLCompositeType }[] = [];
    const nodeType = getNamedType(
      connType.getFields().nodes?.type ?? connType.getFields().edges!.type,
    ) as GraphQLCompositeType;
    for (const { node: f } of fieldsOf(connField.selectionSet, connType)) {
      const key = f.alias?.value ?? f.name.value;
      const list = value[key];
      if (!Array.isArray(list)) continue;
      if (f.name.value === 'nodes')
        for (const n of list) if (n) out.push({ value: n, set: f.selectionSet, type: nodeType });
      if (f.name.value === 'edges') {
        for (const { node: ef } of fieldsOf(
          f.selectionSet,
          getNamedType(connType.getFields().edges!.type) as GraphQLObjectType,
        )) {
          if (ef.name.value !== 'node') continue;
          const k = ef.alias?.value ?? 'node';
          for (const e of list) if (e && e[k]) out.push({ value: e[k], set: ef.selectionSet, type: nodeType });
        }
      }
    }
    return out;
  };

  /** Take nested connections out of `value` (emitting their nodes), recursing into plain objects. */
  const strip = (
    value: Record<string, unknown>,
    set: SelectionSetNode | undefined,
    type: GraphQLCompositeType,
    ownerId: string | undefined,
  ) => {
    for (const { node: f, type: parent } of fieldsOf(set, type)) {
      const key = f.alias?.value ?? f.name.value;
      const v = value[key];
      if (v === null || v === undefined || typeof v !== 'object' || !('getFields' in parent)) continue;
      const def = parent.getFields()[f.name.value];
      if (!def) continue;
      const named = getNamedType(def.type);
      if (isConnection(named)) {
        delete value[key];
        for (const n of nodesOf(f, v as Record<string, unknown>, named as GraphQLObjectType))
          emit(n.value, n.set, n.type, ownerId);
      } else if (!('serialize' in named)) {
        for (const item of Array.isArray(v) ? v : [v])
          if (item && typeof item === 'object') strip(item, f.selectionSet, named as GraphQLCompositeType, ownerId);
      }
    }
  };

  const emit = (
    value: Record<string, unknown>,
    set: SelectionSetNode | undefined,
    type: GraphQLCompositeType,
    parentId: string | undefined,
  ) => {
    const line = { ...value };
    lines.push(line);
    if (!parentId) roots += 1;
    strip(line, set, type, typeof line.id === 'string' ? line.id : parentId);
    if (parentId) line.__parentId = parentId;
  };

  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  if (op.kind !== Kind.OPERATION_DEFINITION) return { lines, roots };
  const queryType = schema.getQueryType()!;
  for (const { node: f } of fieldsOf(op.selectionSet, queryType)) {
    const key = f.alias?.value ?? f.name.value;
    const v = data[key];
    if (!v || typeof v !== 'object') continue;
    const named = getNamedType(queryType.getFields()[f.name.value]!.type);
    if (isConnection(named))
      for (const n of nodesOf(f, v as Record<string, unknown>, named as GraphQLObjectType))
        emit(n.value, n.set, n.type, undefined);
    else emit(v as Record<string, unknown>, f.selectionSet, named as GraphQLCompositeType, undefined);
  }
  return { lines, roots };
}

const later = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

async function run(op: SimBulkOperation, document: DocumentNode, ctx: SimContext, execute: BulkExecutor) {
  await later(BULK_TIMING.createdMs);
  if (op.status !== 'CREATED') return finish(op, ctx); // cancelled meanwhile
  op.status = 'RUNNING';
  const started = Date.now();
  try {
    const result = await execute(withoutPagination(document), ctx);
    if (result.errors?.length || !result.data)
      throw new Error(result.errors?.map((e) => e.message).join('; ') ?? 'no data');
    const { lines, roots } = toJsonl(document, result.data as Record<string, unknown>);
    await later(Math.max(0, minRunningMs(ctx.shop) - (Date.now() - started)));
    if (op.status !== 'RUNNING') return finish(op, ctx);
    op.result = lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : '');
    op.objectCount = lines.length;
    op.rootObjectCount = roots;
    op.status = 'COMPLETED';
  } catch {
    await later(Math.max(0, minRunningMs(ctx.shop) - (Date.now() - started)));
    if (op.status === 'RUNNING') {
      op.status = 'FAILED';
      op.errorCode = 'INTERNAL_SERVER_ERROR';
    }
  }
  finish(op, ctx);
}

function finish(op: SimBulkOperation, ctx: SimContext) {
  if (op.status === 'CANCELING') op.status = 'CANCELED';
  op.completedAt = nowIso();
  ctx.webhooks.emit(ctx.shop, 'bulk_operations/finish', {
    admin_graphql_api_id: op.gid,
    completed_at: op.completedAt,
    created_at: op.createdAt,
    error_code: op.errorCode ? op.errorCode.toLowerCase() : null,
    status: op.status.toLowerCase(),
    type: op.type.toLowerCase(),
  });
}

/** bulkOperationRunQuery and bulkOperationCancel, executing through `execute`. */
export function bulkMutations(execute: BulkExecutor) {
  return {
    bulkOperationRunQuery(args: { query: string; groupObjects?: boolean }, ctx: SimContext) {
      const running = opsOf(ctx.shop).find((o) => o.type === 'QUERY' && pending(o));
      if (running)
        return {
          bulkOperation: null,
          userErrors: [
            userError(
              null,
              `A bulk query operation for this app and shop is already in progress: ${running.gid}.`,
              'OPERATION_IN_PROGRESS',
            ),
          ],
        };
      const checked = invalidBulkQuery(args.query);
      if (!checked.document)
        return { bulkOperation: null, userErrors: [userError(['query'], checked.error, 'INVALID')] };
      const op: SimBulkOperation = {
        gid: ctx.store.gid('BulkOperation'),
        type: 'QUERY',
        status: 'CREATED',
        query: args.query,
        createdAt: nowIso(),
        completedAt: null,
        errorCode: null,
        objectCount: 0,
        rootObjectCount: 0,
        result: null,
        baseUrl: (ctx as BulkContext).baseUrl ?? '',
      };
      opsOf(ctx.shop).push(op);
      // The background run sees the shop as it is then, through a context of its own.
      void run(
        op,
        checked.document,
        { shop: ctx.shop, store: ctx.store, webhooks: ctx.webhooks, baseUrl: op.baseUrl } as BulkContext,
        execute,
      );
      return { bulkOperation: bulkOperationView(op, ctx), userErrors: [] };
    },
    bulkOperationCancel(args: { id: string }, ctx: SimContext) {
      const op = bulkOperationById(ctx.shop, args.id);
      if (!op) return { bulkOperation: null, userErrors: [userError(['id'], 'Bulk operation does not exist', null)] };
      if (!pending(op))
        return {
          bulkOperation: bulkOperationView(op, ctx),
          userErrors: [
            userError(null, `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}`, null),
          ],
        };
      op.status = 'CANCELING';
      return { bulkOperation: bulkOperationView(op, ctx), userErrors: [] };
    },
  };
}

/** GET /_sim/bulk/:file — a completed operation's JSONL (Shopify serves it from signed storage URLs). */
export function bulkDownload(store: SimStore) {
  return (req: Request, res: Response) => {
    const id = String(req.params.file ?? '').replace(/\.jsonl$/, '');
    for (const shop of store.shops.values()) {
      const op = bulkOperationById(shop, `gid://shopify/BulkOperation/${id}`);
      if (op?.result != null) {
        res.type('application/jsonl').send(op.result);
        return;
      }
    }
    res
      .status(404)
      .type('application/xml')
      .send(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
      );
  };
}
