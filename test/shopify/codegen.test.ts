import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED_DIR, shopifyCodegenConfig } from '../../scripts/shopify-codegen';
import type { ShopifyAdmin } from '../../src/shopify/client';
import * as D from '../../src/shopify/documents';
import { ALL_DOCUMENTS } from '../../src/shopify/documents';

/**
 * src/shopify/generated/ is committed: it must be what `npm run shopify:codegen`
 * generates now from the documents and the vendored schema (offline).
 */
describe('generated Admin GraphQL types', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'shopify-codegen-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('the committed files are what npm run shopify:codegen generates now (run it after changing a document or the schema)', async () => {
    await generate(shopifyCodegenConfig(out), true);
    const fresh = readdirSync(out).sort();
    expect(fresh).toEqual(['admin.generated.d.ts', 'admin.types.d.ts']);
    expect(readdirSync(GENERATED_DIR).sort()).toEqual(fresh);
    for (const file of fresh) {
      const committed = readFileSync(path.join(GENERATED_DIR, file), 'utf8');
      expect(
        committed === readFileSync(path.join(out, file), 'utf8'),
        `src/shopify/generated/${file} is stale: run npm run shopify:codegen`,
      ).toBe(true);
    }
  });

  it('finds every engine document in src/shopify/documents.ts, the one file codegen reads', () => {
    const src = path.join(__dirname, '..', '..', 'src');
    const elsewhere = (readdirSync(src, { recursive: true }) as string[])
      .filter(
        (f) => f.endsWith('.ts') && !f.startsWith('simulator') && !f.startsWith(path.join('shopify', 'generated')),
      )
      .filter((f) => f !== path.join('shopify', 'documents.ts'))
      .filter((f) => /#graphql|\b(query|mutation) [A-Z]\w*\s*[({]/.test(readFileSync(path.join(src, f), 'utf8')));
    expect(elsewhere).toEqual([]);
  });

  it('types every document the engine sends, keyed by its exact text', () => {
    const generated = readFileSync(path.join(GENERATED_DIR, 'admin.generated.d.ts'), 'utf8');
    const untyped = Object.entries(ALL_DOCUMENTS).filter(
      ([, doc]) => !generated.includes(`${JSON.stringify(doc)}: {return: `),
    );
    expect(untyped.map(([name]) => name)).toEqual([]);
  });
});

/**
 * Checked by `npx tsc --noEmit` (never run): each @ts-expect-error fails the
 * type check if the line it marks compiles, i.e. if the typing stopped working.
 */
export async function typeChecks(shopify: ShopifyAdmin) {
  const data = await shopify.request('OrderCancellation', D.ORDER_CANCELLATION, { id: 'gid://shopify/Order/1' });
  const cancelledAt: string | null = data.order?.cancelledAt ?? null;
  // @ts-expect-error OrderCancellation does not select the order's email.
  const email = data.order?.email;
  // @ts-expect-error OrderCancellation declares $id, not $orderId.
  await shopify.request('OrderCancellation', D.ORDER_CANCELLATION, { orderId: 'gid://shopify/Order/1' });
  // @ts-expect-error the payload field of TagsAdd is tagsAdd.
  await shopify.mutate('TagsAdd', 'tagsRemove', D.TAGS_ADD, { id: 'gid://shopify/Order/1', tags: ['x'] });
  await shopify.mutate('OrderCancel', 'orderCancel', D.ORDER_CANCEL, {
    orderId: 'gid://shopify/Order/1',
    // @ts-expect-error OrderCancelReason is an enum of the schema.
    reason: 'BORED',
    restock: false,
  });
  const adHoc = await shopify.request('Adhoc', 'query Adhoc { shop { id } }');
  // @ts-expect-error a document codegen has not seen answers unknown.
  const shopId = adHoc.shop.id;
  return { cancelledAt, email, shopId };
}
