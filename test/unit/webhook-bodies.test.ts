import { describe, expect, it } from 'vitest';
import { freshness } from '../../src/shopify/webhook-deliveries';
import { idString, parseWebhookBody } from '../../src/shopify/webhook-payload';
import { checkTopicBody } from '../../src/shopify/webhook-topic-bodies';
import { keywordValue } from '../../src/temporal/search-attributes';

const check = (topic: string, raw: string) => () => checkTopicBody(topic, parseWebhookBody(raw));
const fieldOf = (topic: string, raw: string) => {
  try {
    checkTopicBody(topic, parseWebhookBody(raw));
    return null;
  } catch (err) {
    return (err as { field?: string }).field;
  }
};

describe('webhook bodies consistent with their topic', () => {
  it('orders/cancelled needs cancelled_at; the other order topics do not', () => {
    const open =
      '{"id": 820982911946154508, "admin_graphql_api_id": "gid://shopify/Order/820982911946154508", "cancelled_at": null, "line_items": []}';
    expect(fieldOf('orders/cancelled', open)).toBe('cancelled_at');
    expect(fieldOf('orders/cancelled', open.replace('"cancelled_at": null', '"cancelled_at": "not a date"'))).toBe(
      'cancelled_at',
    );
    expect(
      check('orders/cancelled', open.replace('"cancelled_at": null', '"cancelled_at": "2026-11-23T10:00:00-05:00"')),
    ).not.toThrow();
    for (const t of ['orders/create', 'orders/updated', 'orders/paid']) expect(check(t, open)).not.toThrow();
  });

  it("a resource GID must be the topic's resource", () => {
    expect(fieldOf('orders/create', '{"admin_graphql_api_id": "gid://shopify/Product/1"}')).toBe(
      'admin_graphql_api_id',
    );
    expect(fieldOf('refunds/create', '{"admin_graphql_api_id": "gid://shopify/Order/1", "order_id": 1}')).toBe(
      'admin_graphql_api_id',
    );
    expect(
      fieldOf(
        'inventory_levels/update',
        '{"admin_graphql_api_id": "gid://shopify/InventoryLevel/905684977?inventory_item_id=808950810", "available": 3}',
      ),
    ).toBeNull();
    expect(fieldOf('products/update', '{"admin_graphql_api_id": "gid://shopify/Product/123456789012345678901"}')).toBe(
      'admin_graphql_api_id',
    );
  });

  it('products/delete is the bare id: a body with a title or variants is a product', () => {
    expect(fieldOf('products/delete', '{"id": 788032119674292922}')).toBeNull();
    expect(fieldOf('products/delete', '{"id": 788032119674292922, "title": "Hat", "variants": []}')).toBe('title');
  });

  it('3PL answers must carry the status their topic leaves the fulfillment order in', () => {
    const fo = (o: object) =>
      JSON.stringify({ fulfillment_order: { id: 'gid://shopify/FulfillmentOrder/1046000791', ...o }, message: null });
    expect(
      fieldOf(
        'fulfillment_orders/fulfillment_request_accepted',
        fo({ status: 'in_progress', request_status: 'accepted' }),
      ),
    ).toBeNull();
    expect(
      fieldOf(
        'fulfillment_orders/fulfillment_request_rejected',
        fo({ status: 'in_progress', request_status: 'accepted' }),
      ),
    ).toBe('fulfillment_order.request_status');
    expect(fieldOf('fulfillment_orders/cancellation_request_accepted', fo({ status: 'cancelled' }))).toBeNull();
    expect(
      fieldOf(
        'fulfillment_orders/cancellation_request_accepted',
        fo({ status: 'in_progress', request_status: 'cancellation_rejected' }),
      ),
    ).toBe('fulfillment_order.status');
    expect(
      fieldOf(
        'fulfillment_orders/cancellation_request_rejected',
        fo({ status: 'in_progress', request_status: 'cancellation_rejected' }),
      ),
    ).toBeNull();
    expect(
      fieldOf(
        'fulfillment_orders/fulfillment_request_accepted',
        '{"fulfillment_order": {"id": "gid://shopify/Order/1"}}',
      ),
    ).toBe('fulfillment_order.id');
  });

  it('bounds what goes into PostgreSQL integers', () => {
    expect(fieldOf('orders/updated', '{"id": 1, "line_items": [{"quantity": 2}, {"quantity": 2147483648}]}')).toBe(
      'line_items[1].quantity',
    );
    expect(fieldOf('orders/updated', '{"id": 1, "line_items": [{"current_quantity": -1}]}')).toBe(
      'line_items[0].current_quantity',
    );
    expect(fieldOf('orders/updated', '{"id": 1, "line_items": [{"quantity": 1.5}]}')).toBe('line_items[0].quantity');
    expect(fieldOf('orders/updated', '{"id": 1, "line_items": {"quantity": 1}}')).toBe('line_items');
    expect(fieldOf('inventory_levels/update', '{"available": -2147483648}')).toBeNull();
    expect(fieldOf('inventory_levels/update', '{"available": 2147483648}')).toBe('available');
    expect(fieldOf('inventory_levels/update', '{"available": 1e3}')).toBe('available');
    expect(
      fieldOf('orders/updated', '{"id": 1, "line_items": [{"quantity": 2000000000}, {"quantity": 2000000000}]}'),
    ).toBe('line_items');
  });

  it('updated_at, when present, is an ISO 8601 timestamp (it is stored and orders webhooks)', () => {
    expect(fieldOf('orders/updated', '{"id": 1, "updated_at": "2026-11-23T10:00:00-05:00"}')).toBeNull();
    expect(fieldOf('inventory_levels/update', '{"available": 1, "updated_at": "2026-11-23T15:00:00.123Z"}')).toBeNull();
    expect(
      fieldOf('orders/updated', '{"id": 1, "updated_at": "Mon Nov 23 2026 10:00:00 GMT-0500 (Eastern Standard Time)"}'),
    ).toBe('updated_at');
    expect(fieldOf('inventory_levels/update', '{"available": 1, "updated_at": "+275760-09-13T00:00:00Z"}')).toBe(
      'updated_at',
    );
    expect(fieldOf('products/update', '{"updated_at": 1700000000}')).toBe('updated_at');
  });

  it('ids are Shopify ids: 64-bit unsigned, no leading zero', () => {
    expect(idString(parseWebhookBody('{"id": 18446744073709551615}').id)).toBe('18446744073709551615');
    expect(idString(parseWebhookBody('{"id": 18446744073709551616}').id)).toBeNull();
    expect(idString('0123')).toBeNull();
    expect(idString('123456789012345678901234567890')).toBeNull();
  });

  it('a top-level number, string, array or null is not a body', () => {
    for (const raw of ['42', '"x"', '[]', 'null', 'true'])
      expect(() => parseWebhookBody(raw), raw).toThrow(/not a JSON object/);
  });
});

describe('keywordValue', () => {
  it('keeps a value that fits and cuts one that does not at a character boundary, measured as Temporal does (JSON bytes)', () => {
    expect(keywordValue('#1001')).toBe('#1001');
    expect(keywordValue('a'.repeat(2046))).toBe('a'.repeat(2046));
    const cut = keywordValue('a'.repeat(2047));
    expect(new TextEncoder().encode(JSON.stringify(cut)).length).toBeLessThanOrEqual(2048);
    const accents = keywordValue('é'.repeat(3000));
    expect(new TextEncoder().encode(JSON.stringify(accents)).length).toBeLessThanOrEqual(2048);
    expect(accents.endsWith('…')).toBe(true);
    expect([...accents.slice(0, -1)].every((c) => c === 'é')).toBe(true);
    const quotes = keywordValue('"'.repeat(2000));
    expect(new TextEncoder().encode(JSON.stringify(quotes)).length).toBeLessThanOrEqual(2048);
  });
});

describe('freshness (X-Shopify-Triggered-At only refuses)', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it('is fresh without the header, within the horizon, or in the future; stale past it; malformed otherwise', () => {
    expect(freshness(undefined, 48, now)).toEqual({ kind: 'fresh' });
    expect(freshness('2026-11-24T12:00:00Z', 48, now)).toEqual({ kind: 'fresh' });
    expect(freshness('2026-12-24T12:00:00Z', 48, now)).toEqual({ kind: 'fresh' });
    expect(freshness('2026-11-23T11:00:00Z', 48, now)).toMatchObject({ kind: 'stale', ageHours: 49 });
    expect(freshness('soon', 48, now)).toEqual({ kind: 'malformed' });
  });
});
