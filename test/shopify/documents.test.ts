import { describe, expect, it } from 'vitest';
import { parse, validate } from 'graphql';
import { ALL_DOCUMENTS } from '../../src/shopify/documents';
import { adminSchema } from '../../src/simulator/graphql';
import { requestedCost } from '../../src/simulator/cost';

/** Every document the engine sends is valid against the real Admin schema and within Shopify's cost limit. */
describe('Admin GraphQL documents', () => {
  it.each(Object.entries(ALL_DOCUMENTS))(
    '%s is valid against admin_2026-10 and costs at most 1,000 points',
    (name, doc) => {
      const ast = parse(doc);
      expect(validate(adminSchema(), ast).map((e) => e.message)).toEqual([]);
      const op = ast.definitions[0]!;
      expect(op.kind === 'OperationDefinition' && op.name?.value).toBe(name);
      if (op.kind === 'OperationDefinition') expect(requestedCost(adminSchema(), op, {})).toBeLessThanOrEqual(1000);
    },
  );

  it('would catch a field that does not exist', () => {
    expect(validate(adminSchema(), parse('query { order(id: "x") { notAField } }')).length).toBe(1);
  });
});
