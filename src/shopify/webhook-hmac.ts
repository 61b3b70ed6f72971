import { createHmac, timingSafeEqual } from 'node:crypto';

/** Shopify's webhook signature: base64 HMAC-SHA256 of the raw body with the app secret. */
export function signShopifyWebhook(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * True when `X-Shopify-Hmac-Sha256` matches the raw body under any of the
 * secrets (several while a secret is being rotated). Timing-safe: every secret
 * is compared, with no early exit, so timing tells nothing about which matched.
 */
export function verifyShopifyHmac(rawBody: Buffer, headerValue: string | undefined, secrets: string[]): boolean {
  const header = headerValue?.trim();
  if (!header) return false;
  const given = Buffer.from(header, 'base64');
  // Buffer.from(..., 'base64') skips junk; a value that does not round-trip is not a signature.
  if (given.length !== 32 || given.toString('base64') !== header) return false;
  let ok = false;
  for (const secret of secrets) {
    if (!secret) continue;
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    if (timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
