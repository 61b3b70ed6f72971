import { describe, expect, it } from 'vitest';
import { gatewaySecurity, loadConfig } from '../../src/config';
import { DEFAULT_HTTP_SETTINGS } from '../../src/api/http-server';
import { DEFAULT_RATE_LIMITS } from '../../src/api/rate-limit';

const valid = {
  SHOPIFY_SHOP: 'acme.myshopify.com',
  SHOPIFY_ACCESS_TOKEN: 'shpat_x',
  SHOPIFY_WEBHOOK_SECRET: 's',
  DATABASE_URL: 'postgresql://127.0.0.1:5432/oms',
};

describe('gateway security settings', () => {
  it('defaults are the documented ones, the same the gateway uses without settings', () => {
    const g = gatewaySecurity(loadConfig(valid));
    expect(g.rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    expect(g.http).toEqual(DEFAULT_HTTP_SETTINGS);
    expect(g.trustProxyHops).toBe(0);
    expect(g.ordersReadToken).toBeUndefined();
  });

  it('an empty ORDERS_READ_TOKEN is unset; a short one, or headers allowed longer than the whole request, stop the start', () => {
    expect(gatewaySecurity(loadConfig({ ...valid, ORDERS_READ_TOKEN: '' })).ordersReadToken).toBeUndefined();
    expect(() => loadConfig({ ...valid, ORDERS_READ_TOKEN: 'short' })).toThrow(/ORDERS_READ_TOKEN is invalid/);
    expect(() => loadConfig({ ...valid, HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS is invalid/,
    );
    expect(gatewaySecurity(loadConfig({ ...valid, RATE_LIMIT_PER_SECOND: '0', TRUST_PROXY_HOPS: '1' }))).toMatchObject({
      rateLimits: { perSecond: 0 },
      trustProxyHops: 1,
    });
  });
});
