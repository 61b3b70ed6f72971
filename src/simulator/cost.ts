import {
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type GraphQLType,
} from 'graphql';

/**
 * Shopify's calculated query cost: scalars and enums 0, objects 1,
 * connections 2 + first x (the cost of one node), mutations 10.
 * actualQueryCost is recomputed from the response with real list sizes.
 */
const MUTATION_COST = 10;

function argValue(node: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const arg = node.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  if (arg.value.kind === 'Variable') return variables[arg.value.name.value];
  if (arg.value.kind === 'IntValue') return Number(arg.value.value);
  return undefined;
}

const unwrap = (t: GraphQLType): GraphQLType => (isNonNullType(t) ? t.ofType : t);

function selectionCost(
  schema: GraphQLSchema,
  parent: GraphQLObjectType,
  set: SelectionSetNode | undefined,
  variables: Record<string, unknown>,
): number {
  if (!set) return 0;
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === 'InlineFragment') {
      const t = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) as GraphQLObjectType) : parent;
      cost += selectionCost(schema, t, sel.selectionSet, variables);
      continue;
    }
    if (sel.kind !== 'Field' || sel.name.value.startsWith('__')) continue;
    const field: GraphQLField<unknown, unknown> | undefined =
      'getFields' in parent ? parent.getFields()[sel.name.value] : undefined;
    if (!field) continue;
    cost += fieldCost(schema, field, sel, variables);
  }
  return cost;
}

function fieldCost(
  schema: GraphQLSchema,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
): number {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return 0;
  const objectType = named as GraphQLObjectType;
  const first = Number(argValue(node, 'first', variables) ?? argValue(node, 'last', variables) ?? 0);
  if (named.name.endsWith('Connection')) {
    const nodeType = schema.getType(named.name.replace(/Connection$/, '')) as GraphQLObjectType | undefined;
    let perNode = 0;
    for (const sel of node.selectionSet?.selections ?? []) {
      if (sel.kind !== 'Field') continue;
      if (sel.name.value === 'nodes' && nodeType)
        perNode += 1 + selectionCost(schema, nodeType, sel.selectionSet, variables);
      if (sel.name.value === 'edges' && nodeType) {
        const nodeSel = sel.selectionSet?.selections.find((s) => s.kind === 'Field' && s.name.value === 'node') as
          FieldNode | undefined;
        perNode += 1 + selectionCost(schema, nodeType, nodeSel?.selectionSet, variables);
      }
    }
    return 2 + Math.max(first, 1) * perNode;
  }
  const inner = 1 + selectionCost(schema, objectType, node.selectionSet, variables);
  return isListType(unwrap(field.type)) ? Math.max(first, 1) * inner : inner;
}

export function requestedCost(
  schema: GraphQLSchema,
  op: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  if (op.operation === 'mutation') return MUTATION_COST * op.selectionSet.selections.length;
  return selectionCost(schema, schema.getQueryType()!, op.selectionSet, variables);
}

/** Objects actually returned (connections count 2), the way Shopify refunds unused points. */
export function actualCost(op: OperationDefinitionNode, data: unknown): number {
  if (op.operation === 'mutation') return MUTATION_COST * op.selectionSet.selections.length;
  const walk = (v: unknown): number => {
    if (Array.isArray(v)) return v.reduce((s: number, x) => s + walk(x), 0);
    if (!v || typeof v !== 'object') return 0;
    const o = v as Record<string, unknown>;
    const own = 'nodes' in o || 'edges' in o ? 2 : 1;
    return own + Object.values(o).reduce((s: number, x) => s + walk(x), 0);
  };
  return Math.max(1, walk(data) - 1);
}
