import {
  GraphQLError,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * Validation errors in Shopify's words (its GraphQL server is graphql-ruby):
 * the common cases are rewritten with Shopify's message and extensions.code,
 * anything else keeps graphql-js's message.
 */
export interface ShopifyError {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: Record<string, unknown>;
}

type ArgumentSite = { argument: string; field: string; type: string };

/** Which argument (of which field, of which type) each value node in the document belongs to. */
function argumentSites(schema: GraphQLSchema, document: DocumentNode): Map<ASTNode, ArgumentSite> {
  const sites = new Map<ASTNode, ArgumentSite>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const site = {
          argument: node.name.value,
          field: typeInfo.getFieldDef()?.name ?? '?',
          type: String(typeInfo.getArgument()?.type ?? '?'),
        };
        visit(node.value, { enter: (n) => void sites.set(n, site) });
      },
    }),
  );
  return sites;
}

const RULES: { re: RegExp; to: (m: RegExpExecArray) => Omit<ShopifyError, 'locations'> }[] = [
  {
    re: /^Cannot query field "(\w+)" on type "(\w+)"/,
    to: ([, field, type]) => ({
      message: `Field '${field}' doesn't exist on type '${type}'`,
      extensions: { code: 'undefinedField', typeName: type, fieldName: field },
    }),
  },
  {
    re: /^Unknown argument "(\w+)" on field "\w+\.(\w+)"/,
    to: ([, arg, field]) => ({
      message: `Field '${field}' doesn't accept argument '${arg}'`,
      extensions: { code: 'argumentNotAccepted', name: field, typeName: 'Field', argumentName: arg },
    }),
  },
  {
    re: /^Field "(?:\w+\.)?(\w+)" argument "(\w+)" of type "(.+)" is required, but it was not provided/,
    to: ([, field, arg]) => ({
      message: `Field '${field}' is missing required arguments: ${arg}`,
      extensions: { code: 'missingRequiredArguments', className: 'Field', name: field, arguments: arg },
    }),
  },
  {
    re: /^Field "(\w+)" of type "(.+)" must have a selection of subfields/,
    to: ([, field, type]) => ({
      message: `Field must have selections (field '${field}' returns ${type.replace(/[[\]!]/g, '')} but has no selections. Did you mean '${field} { ... }'?)`,
      extensions: { code: 'selectionMismatch', nodeName: `field '${field}'`, typeName: type.replace(/[[\]!]/g, '') },
    }),
  },
  {
    re: /^Field "(\w+)" must not have a selection since type "(.+)" has no subfields/,
    to: ([, field, type]) => ({
      message: `Selections can't be made on scalars (field '${field}' returns ${type} but has selections)`,
      extensions: { code: 'selectionMismatch', nodeName: `field '${field}'`, typeName: type },
    }),
  },
  {
    re: /^Variable "\$(\w+)" is never used in operation "(\w+)"/,
    to: ([, v, op]) => ({
      message: `Variable $${v} is declared by ${op} but not used`,
      extensions: { code: 'variableNotUsed', variableName: v },
    }),
  },
  {
    re: /^Variable "\$(\w+)" is not defined by operation "(\w+)"/,
    to: ([, v, op]) => ({
      message: `Variable $${v} is used by ${op} but not declared`,
      extensions: { code: 'variableNotDefined', variableName: v },
    }),
  },
];

export function validationError(e: GraphQLError, sites: Map<ASTNode, ArgumentSite>): ShopifyError {
  for (const rule of RULES) {
    const m = rule.re.exec(e.message);
    if (m) return { ...rule.to(m), locations: e.locations };
  }
  // A literal of the wrong type: name the argument, as Shopify does.
  const site = e.nodes?.map((n) => sites.get(n)).find(Boolean);
  if (site && e.nodes?.[0]) {
    const raw = e.nodes[0].loc?.source.body.slice(e.nodes[0].loc.start, e.nodes[0].loc.end) ?? '';
    return {
      message: `Argument '${site.argument}' on Field '${site.field}' has an invalid value (${raw}). Expected type '${site.type}'.`,
      locations: e.locations,
      extensions: { code: 'argumentLiteralsIncompatible', typeName: 'Field', argumentName: site.argument },
    };
  }
  return {
    message: e.message,
    locations: e.locations,
    extensions: { code: String(e.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED') },
  };
}

export function validationErrors(
  schema: GraphQLSchema,
  errors: readonly GraphQLError[],
  document: DocumentNode,
): ShopifyError[] {
  const sites = argumentSites(schema, document);
  return errors.map((e) => validationError(e, sites));
}

/** A variable that does not coerce to its declared type. */
export function variableError(
  e: GraphQLError,
  declared: Map<string, string>,
  variables: Record<string, unknown>,
): ShopifyError {
  const name = /^Variable "\$(\w+)"/.exec(e.message)?.[1] ?? '?';
  const explanation = e.message.replace(/^Variable "\$\w+" [^;]*; /, '');
  return {
    message: `Variable $${name} of type ${declared.get(name) ?? '?'} was provided invalid value`,
    locations: e.locations,
    extensions: { code: 'INVALID_VARIABLE', value: variables[name] ?? null, problems: [{ path: [], explanation }] },
  };
}

export function parseError(e: GraphQLError): ShopifyError {
  return {
    message: e.message.replace(/^Syntax Error: /, 'Parse error: '),
    locations: e.locations,
    extensions: { code: 'parseError' },
  };
}
