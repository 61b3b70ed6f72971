import { describe, expect, it } from 'vitest';
import { signShopifyWebhook, verifyShopifyHmac } from '../../src/shopify/webhook-hmac';
import { lineQuantitiesOf, orderRefFromWebhook, parseWebhookBody } from '../../src/shopify/webhook-payload';

describe('webhook HMAC', () => {
  const body = Buffer.from('{"id":1}');
  it('accepts the signature under any rotated secret and rejects others', () => {
    const sig = signShopifyWebhook(body, 'new-secret');
    expect(verifyShopifyHmac(body, sig, ['old-secret', 'new-secret'])).toBe(true);
    expect(verifyShopifyHmac(body, sig, ['old-secret'])).toBe(false);
    expect(verifyShopifyHmac(Buffer.from('{"id":2}'), sig, ['new-secret'])).toBe(false);
    expect(verifyShopifyHmac(body, undefined, ['new-secret'])).toBe(false);
    expect(verifyShopifyHmac(body, 'not-base64-%%', ['new-secret'])).toBe(false);
  });
});

describe('webhook payload', () => {
  it('keeps order ids above 2^53 exact', () => {
    const raw = Buffer.from('{"id": 9007199254740993123, "name": "#1001", "total_price": "10.00"}');
    expect(orderRefFromWebhook('orders/create', parseWebhookBody(raw))).toEqual({
      orderId: '9007199254740993123',
      orderGid: 'gid://shopify/Order/9007199254740993123',
      orderName: '#1001',
    });
    const tx = Buffer.from('{"id": 1, "order_id": 9007199254740993999, "kind": "capture"}');
    expect(orderRefFromWebhook('order_transactions/create', parseWebhookBody(tx)).orderId).toBe('9007199254740993999');
  });
  it('prefers admin_graphql_api_id and names what is missing', () => {
    expect(orderRefFromWebhook('orders/paid', { admin_graphql_api_id: 'gid://shopify/Order/77', id: 1 }).orderId).toBe(
      '77',
    );
    expect(() => orderRefFromWebhook('refunds/create', { id: 5 })).toThrow(/order_id/);
    expect(() => parseWebhookBody(Buffer.from('[1]'))).toThrow(/object/);
    expect(() => parseWebhookBody(Buffer.from('{oops'))).toThrow(/JSON/);
  });
});

describe('line quantities of an order-shaped body', () => {
  it('reads current quantities per line item GID losslessly, and gives up on a body it cannot read', () => {
    const body = parseWebhookBody(
      '{"line_items":[{"admin_graphql_api_id":"gid://shopify/LineItem/9007199254740993","quantity":3,"current_quantity":1}]}',
    );
    expect(lineQuantitiesOf(body)).toEqual({ 'gid://shopify/LineItem/9007199254740993': 1 });
    expect(lineQuantitiesOf(parseWebhookBody('{"id":1}'))).toBeNull();
    expect(lineQuantitiesOf(parseWebhookBody('{"line_items":[{"quantity":2}]}'))).toBeNull();
  });
});
