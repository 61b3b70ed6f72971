import { createHmac } from 'node:crypto';

/**
 * Signed JSON messages to a URL (partners, the merchant's systems).
 * Signature: `X-Order-Orchestrator-Signature: sha256=<hex HMAC of the body>`;
 * `Idempotency-Key` lets the receiver drop our retries.
 */
export async function postSigned(
  url: string,
  body: unknown,
  opts: { secret?: string | null; idempotencyKey: string; timeoutMs?: number },
) {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': opts.idempotencyKey,
  };
  if (opts.secret)
    headers['x-order-orchestrator-signature'] = `sha256=${createHmac('sha256', opts.secret).update(raw).digest('hex')}`;
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: raw,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  if (res.status >= 500 || res.status === 429) throw new Error(`POST ${url} answered ${res.status}`);
  if (res.status >= 400) throw Object.assign(new Error(`POST ${url} refused with ${res.status}`), { permanent: true });
  return res.status;
}
