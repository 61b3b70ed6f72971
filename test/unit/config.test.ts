import { describe, expect, it } from 'vitest';
import { loadConfig, webhookDeliverySettings, webhookDeliverySettingsFromEnv } from '../../src/config';

const valid = {
  SHOPIFY_SHOP: 'acme.myshopify.com',
  SHOPIFY_ACCESS_TOKEN: 'shpat_x',
  SHOPIFY_WEBHOOK_SECRET: 'old, new',
  DATABASE_URL: 'postgresql://127.0.0.1:5432/oms',
};

describe('config', () => {
  it('applies the contract defaults and splits rotated webhook secrets', () => {
    const c = loadConfig(valid);
    expect(c.SHOPIFY_API_VERSION).toBe('2026-10');
    expect(c.SHOPIFY_WEBHOOK_SECRET).toEqual(['old', 'new']);
    expect([c.TEMPORAL_ADDRESS, c.TEMPORAL_NAMESPACE, c.TEMPORAL_TASK_QUEUE, c.PORT]).toEqual([
      '127.0.0.1:7233',
      'default',
      'orders',
      3000,
    ]);
  });

  it('accepts a base URL for the simulator', () => {
    expect(loadConfig({ ...valid, SHOPIFY_SHOP: 'http://127.0.0.1:4000' }).SHOPIFY_SHOP).toBe('http://127.0.0.1:4000');
  });

  it('fails with one message naming every missing or malformed key', () => {
    expect(() => loadConfig({ SHOPIFY_SHOP: 'not a shop', PORT: 'eighty', SHOPIFY_API_VERSION: '2026-05' })).toThrow(
      /SHOPIFY_SHOP is invalid.*SHOPIFY_ACCESS_TOKEN is missing.*SHOPIFY_API_VERSION is invalid.*SHOPIFY_WEBHOOK_SECRET is missing.*DATABASE_URL is missing.*PORT is invalid/,
    );
  });

  it('validates the settings once read elsewhere (PUBLIC_URL, PARTNERS_FILE, LOG_LEVEL) and takes an empty value as unset', () => {
    expect(() => loadConfig({ ...valid, PUBLIC_URL: 'gateway.example.com', LOG_LEVEL: 'loud' })).toThrow(
      /PUBLIC_URL is invalid \(an http\(s\):\/\/ URL\).*LOG_LEVEL is invalid/,
    );
    const c = loadConfig({ ...valid, OPS_TOKEN: '', TEMPORAL_NAMESPACE: '', PARTNERS_FILE: 'config/partners.json' });
    expect([c.OPS_TOKEN, c.TEMPORAL_NAMESPACE, c.PARTNERS_FILE]).toEqual([
      undefined,
      'default',
      'config/partners.json',
    ]);
    expect(() => loadConfig({ ...valid, DATABASE_URL: '' })).toThrow(/DATABASE_URL is missing/);
  });

  it('webhook replay protection: 48 h horizon and 72 h retention by default; a retention shorter than the horizon is refused, naming it', () => {
    expect(webhookDeliverySettings(loadConfig(valid))).toEqual({ horizonHours: 48, retentionHours: 72 });
    expect(
      webhookDeliverySettings(
        loadConfig({ ...valid, WEBHOOK_HORIZON_HOURS: '24', WEBHOOK_DEDUPE_RETENTION_HOURS: '24' }),
      ),
    ).toEqual({ horizonHours: 24, retentionHours: 24 });
    expect(() => loadConfig({ ...valid, WEBHOOK_HORIZON_HOURS: '96' })).toThrow(
      /WEBHOOK_DEDUPE_RETENTION_HOURS is invalid \(must be at least WEBHOOK_HORIZON_HOURS/,
    );
    expect(() => loadConfig({ ...valid, WEBHOOK_HORIZON_HOURS: '0' })).toThrow(/WEBHOOK_HORIZON_HOURS is invalid/);
    expect(webhookDeliverySettingsFromEnv({ WEBHOOK_HORIZON_HOURS: '12' })).toEqual({
      horizonHours: 12,
      retentionHours: 72,
    });
  });
});
