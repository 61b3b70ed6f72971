import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness';

/** What leaves the engine: signed partner messages and the merchant's order events, over real HTTP. */
describe('outbound messages', () => {
  const SECRET = 'outbound-secret';
  const inbox: { path: string; headers: Record<string, string | string[] | undefined>; raw: string; body: any }[] = [];
  let receiver: Server;
  let h: Harness;
  let failNext = 0;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        if (failNext > 0) {
          failNext--;
          res.statusCode = 503; // the receiver is down: the engine must retry
          res.end();
          return;
        }
        inbox.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) });
        res.statusCode = 202;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    h = await Harness.start('messages', {
      partnerOutboundUrl: `${base}/partner`,
      outboundEventsUrl: `${base}/events`,
      outboundSecret: SECRET,
    });
  });
  afterAll(async () => {
    await h?.close();
    receiver?.close();
  });

  const sig = (raw: string) => `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;

  it('asks the partner to accept, tells it to ship once paid, and publishes order.completed, all signed', async () => {
    failNext = 1;
    const { orderId, name } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]); // Brooklyn Store, acceptance required
    const waiting = await h.waitForStage(orderId, 'awaiting_acceptance');
    const allocationId = waiting.allocations[0]!.id;
    await expect
      .poll(() => inbox.find((m) => m.body.type === 'allocation.requested' && m.body.allocationId === allocationId), {
        timeout: 15_000,
      })
      .toBeTruthy();
    const request = inbox.find((m) => m.body.type === 'allocation.requested')!;
    expect(request.headers['x-order-orchestrator-signature']).toBe(sig(request.raw));
    expect(request.headers['idempotency-key']).toBe(`allocation.requested:${allocationId}`);
    expect(request.body).toMatchObject({
      orderName: name,
      lines: [{ sku: 'MUG', quantity: 1 }],
      shipTo: { city: 'Elizabeth' },
    });
    expect(Date.parse(request.body.respondBy)).toBeGreaterThan(Date.now());

    await h.acknowledge('bk-store', allocationId, 'accepted');
    await h.waitForStage(orderId, 'awaiting_shipment');
    expect(inbox.some((m) => m.body.type === 'allocation.released' && m.body.allocationId === allocationId)).toBe(true);
    await h.shipAllReleased(orderId);
    await h.result(orderId);
    const completed = inbox.find(
      (m) => m.path === '/events' && m.body.type === 'order.completed' && m.body.workflowId === h.workflowId(orderId),
    );
    expect(completed?.headers['x-order-orchestrator-signature']).toBe(sig(completed!.raw));
    expect(completed!.body.order.allocations[0].tracking.number).toMatch(/^1Z/);
  });

  it('tells the partner when an accepted allocation is cancelled', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const waiting = await h.waitForStage(orderId, 'awaiting_acceptance');
    const allocationId = waiting.allocations[0]!.id;
    await h.acknowledge('bk-store', allocationId, 'accepted');
    await h.waitForStage(orderId, 'awaiting_shipment');
    await h.sim.orderAction(orderId, 'cancel');
    expect((await h.result(orderId)).stage).toBe('cancelled');
    const cancel = inbox.find((m) => m.body.type === 'allocation.cancelled' && m.body.allocationId === allocationId);
    expect(cancel?.headers['x-order-orchestrator-signature']).toBe(sig(cancel!.raw));
  });
});
