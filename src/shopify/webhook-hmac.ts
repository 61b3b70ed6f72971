import { createHmac, timingSafeEqual } from 'node:crypto';

/** Shopify's webhook signature: base64 HMAC-SHA256 of the raw body with the app secret. */
export function signShopifyWebhook(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/** True when the header matches the body under any of the secrets (several during rotation). Timing-safe. */
export function verifyShopifyHmac(rawBody: Buffer, headerValue: string | undefined, secrets: string[]): boolean {
  if (!headerValue) return false;
  const given = Buffer.from(headerValue, 'base64');
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    // Compare every secret (no early exit) so timing says nothing about which one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
