import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { upsertPartner } from '../../src/partner/repository';
import { signShopifyWebhook } from '../../src/shopify/webhook-hmac';
import { rawExchange, startRealGateway } from './raw-http';
import {
  capturingLogger,
  createPool,
  freshDatabase,
  SECRETS,
  SHOP,
  unreachableTemporal,
  type Pool,
  type RunningGateway,
} from './support';

/**
 * The gateway's HTTP edge, over real sockets: bad percent-encodings and body
 * encodings are 4xx with a reason (never 500), the HTTP parser's refusals carry
 * a reason, and a stalled request cannot hold a connection. Everything here is
 * refused before Temporal would be asked (it is unreachable on purpose).
 */
describe('gateway HTTP edge: encodings, parser refusals, timeouts', () => {
  let pool: Pool;
  let gw: RunningGateway;
  const { logger, lines } = capturingLogger();
  const http = {
    headersTimeoutMs: 1500,
    requestTimeoutMs: 60_000,
    bodyIdleTimeoutMs: 1500,
    keepAliveTimeoutMs: 1000,
    maxHeaderBytes: 8192,
  };

  beforeAll(async () => {
    pool = createPool(await freshDatabase('oo_api_test_http'), 2);
    await upsertPartner(pool, { id: 'acme-3pl', shopDomain: SHOP, name: 'Acme 3PL', token: 'acme-token' });
    gw = await startRealGateway({
      shopDomain: SHOP,
      webhookSecrets: SECRETS,
      temporal: await unreachableTemporal(),
      taskQueue: 'api-http',
      pool,
      logger,
      opsToken: 'sesame',
      temporalTimeoutMs: 500,
      http,
    });
  });
  afterAll(async () => {
    await gw?.close();
    await pool?.end();
  });

  /** The answer's status and reason, and the log line that refused it. */
  async function refusal(res: Response) {
    const body = (await res.json()) as { error: string };
    const logged = lines.find((l) => l.requestId === res.headers.get('x-request-id') && l.msg === 'request refused');
    return { status: res.status, error: body.error, logged: logged?.reason };
  }

  it('a malformed percent-encoding in a path is a 400 with a reason, not a 500', async () => {
    for (const [method, path] of [
      ['GET', '/orders/%'],
      ['GET', '/orders/%E0%A4%A'],
      ['POST', '/partners/%zz/shipments'],
      ['POST', '/partners/acme%/edi'],
      ['POST', '/ops/orders/%/cancel'],
      ['GET', '/inventory/skus/%ff%'],
    ]) {
      const r = await refusal(
        await fetch(`${gw.url}${path}`, {
          method,
          headers: { authorization: 'Bearer sesame' },
          ...(method === 'POST' ? { body: '{}' } : {}),
        }),
      );
      expect(r, `${method} ${path}`).toEqual({
        status: 400,
        error: expect.stringMatching(/^Malformed percent-encoding in the path/),
        logged: expect.stringMatching(/^Malformed percent-encoding/),
      });
    }
  });

  it('a body that does not decode as its Content-Encoding (deflate, br, gzip) is a 400 naming the encoding; an unknown encoding a 415', async () => {
    const json = '{"id": 1, "name": "#1"}';
    const signed = (body: Buffer) => ({
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': SHOP,
      'x-shopify-hmac-sha256': signShopifyWebhook(body, SECRETS[1]!),
    });
    const garbage = Buffer.from('this is not compressed at all');
    for (const encoding of ['deflate', 'br', 'gzip']) {
      const r = await refusal(
        await fetch(`${gw.url}/webhooks/shopify`, {
          method: 'POST',
          headers: { ...signed(garbage), 'content-encoding': encoding },
          body: garbage,
        }),
      );
      expect(r, encoding).toEqual({
        status: 400,
        error: expect.stringMatching(new RegExp(`^Request body does not decode as Content-Encoding "${encoding}"`)),
        logged: expect.stringMatching(/does not decode/),
      });
    }
    // A truncated gzip stream, to a partner endpoint (the body is read after the token is checked).
    const truncated = gzipSync(json).subarray(0, 15);
    const partner = await refusal(
      await fetch(`${gw.url}/partners/acme-3pl/shipments`, {
        method: 'POST',
        headers: { authorization: 'Bearer acme-token', 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: truncated,
      }),
    );
    expect(partner).toMatchObject({
      status: 400,
      error: expect.stringMatching(/^Request body does not decode as Content-Encoding "gzip"/),
    });
    const unknown = await refusal(
      await fetch(`${gw.url}/webhooks/shopify`, {
        method: 'POST',
        headers: { ...signed(garbage), 'content-encoding': 'compress' },
        body: garbage,
      }),
    );
    expect(unknown).toEqual({
      status: 415,
      error: 'Content-Encoding "compress" is not supported (send identity, gzip, deflate or br)',
      logged: expect.any(String),
    });
    // Well-formed compressed bodies still decode: the partner's body is read and validated (400 naming the fields).
    for (const [encoding, body] of [
      ['gzip', gzipSync('{}')],
      ['deflate', deflateSync('{}')],
      ['br', brotliCompressSync('{}')],
    ] as const) {
      const ok = await refusal(
        await fetch(`${gw.url}/partners/acme-3pl/shipments`, {
          method: 'POST',
          headers: { authorization: 'Bearer acme-token', 'content-encoding': encoding },
          body,
        }),
      );
      expect(ok, encoding).toMatchObject({ status: 400, error: expect.stringMatching(/^Invalid body: allocationId/) });
    }
  });

  it('the inventory import, which streams its body, refuses a compressed one with 415 instead of reading it as CSV', async () => {
    const r = await refusal(
      await fetch(`${gw.url}/inventory/imports`, {
        method: 'POST',
        headers: { authorization: 'Bearer sesame', 'content-type': 'text/csv', 'content-encoding': 'gzip' },
        body: gzipSync('sku,location,on_hand\nA,Main,1\n'),
      }),
    );
    expect(r).toEqual({
      status: 415,
      error: 'Send the CSV uncompressed: Content-Encoding "gzip" is not accepted here',
      logged: expect.any(String),
    });
  });

  it("body-parser's own 4xx keep their status and get a reason", async () => {
    const partner = { authorization: 'Bearer acme-token', 'content-type': 'application/json' };
    expect(
      await refusal(
        await fetch(`${gw.url}/partners/acme-3pl/shipments`, {
          method: 'POST',
          headers: partner,
          body: '{"allocationId": ',
        }),
      ),
    ).toMatchObject({ status: 400, error: 'Request body is not valid JSON' });
    expect(
      await refusal(
        await fetch(`${gw.url}/partners/acme-3pl/shipments`, {
          method: 'POST',
          headers: { ...partner, 'content-type': 'application/json; charset=klingon' },
          body: '{}',
        }),
      ),
    ).toMatchObject({ status: 415, error: 'Charset "klingon" is not supported (send utf-8)' });
    expect(
      await refusal(
        await fetch(`${gw.url}/partners/acme-3pl/shipments`, {
          method: 'POST',
          headers: partner,
          body: `{"x": "${'a'.repeat(300_000)}"}`,
        }),
      ),
    ).toMatchObject({ status: 413, error: 'Request body too large (limit 262144 bytes)' });
  });

  it("the HTTP parser's refusals carry a reason: a malformed request line is a 400, over-large headers a 431", async () => {
    const line = await rawExchange(gw.url, ['GET /healthz HTTP/1.1 trailing-junk\r\nHost: x\r\n\r\n']);
    expect(line).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^Malformed request line/) },
      closed: true,
    });
    const method = await rawExchange(gw.url, ['G@T /healthz HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(method).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^Malformed request line/) },
      closed: true,
    });
    const huge = await rawExchange(gw.url, [
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(10_000)}\r\n\r\n`,
    ]);
    expect(huge).toMatchObject({
      status: 431,
      body: { error: 'Request line and headers too large (limit 8192 bytes)' },
      closed: true,
    });
    const logged = lines.filter((l) => l.msg === 'request refused by the HTTP parser').map((l) => l.status);
    expect(logged).toEqual(expect.arrayContaining([400, 431]));
    // The server still serves.
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  });

  it('a stalled body is cut off (408 with a reason, connection closed); so are headers that never finish', async () => {
    const body = '{"id": 1, "name": "#1"}';
    const stalledBody = await rawExchange(gw.url, [
      `POST /webhooks/shopify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 50}\r\nX-Shopify-Topic: orders/create\r\n\r\n${body}`,
    ]);
    expect(stalledBody).toMatchObject({
      status: 408,
      body: { error: 'Request body stalled: nothing received for 1500 ms' },
      closed: true,
    });
    const stalledPartner = await rawExchange(gw.url, [
      `POST /partners/acme-3pl/shipments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer acme-token\r\nContent-Length: 100\r\n\r\n{"allocationId"`,
    ]);
    expect(stalledPartner).toMatchObject({ status: 408, closed: true });
    const stalledHeaders = await rawExchange(gw.url, [
      'POST /webhooks/shopify HTTP/1.1\r\nHost: x\r\nX-Shopify-Topic: orders/cr',
    ]);
    expect(stalledHeaders).toMatchObject({
      status: 408,
      body: { error: expect.stringMatching(/^Request not received in time/) },
      closed: true,
    });
    // A request that has arrived is never cut while its answer is worked on: /readyz waits 2 s for the
    // unreachable Temporal, longer than the 1.5 s body-idle timeout.
    const slow = await fetch(`${gw.url}/readyz`);
    expect(slow.status).toBe(503);
    expect(await slow.json()).toMatchObject({ temporal: expect.stringMatching(/^unavailable/) });
    // An idle keep-alive connection is let go too.
    const idle = await rawExchange(gw.url, ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(idle).toMatchObject({ status: 200, closed: true });
  });
});
