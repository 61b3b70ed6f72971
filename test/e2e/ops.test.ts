import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { OPS_HOLD_HANDLE } from '../../src/order/types';
import { upsertPartner } from '../../src/partner/repository';
import { Harness, PARTNER_TOKENS } from '../support/harness';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

/**
 * Steering orders: the ops actions as Updates over HTTP (/ops), as signals (the
 * Temporal UI's "Send Signal"), and through `npm run ops`, against the real
 * stack. Each action changes what Shopify and PostgreSQL hold, and is refused
 * with a reason when it does not fit the order's state.
 */
describe('ops: find, explain and steer orders', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start('ops');
  });
  afterAll(async () => h?.close());

  /** `npm run ops -- ...` against this harness's Temporal and shop. */
  async function cli(...args: string[]) {
    try {
      const r = await run(
        path.join(ROOT, 'node_modules', '.bin', 'tsx'),
        [path.join(ROOT, 'scripts', 'ops.ts'), ...args, '--shop', h.shopDomain],
        {
          env: { ...process.env, TEMPORAL_ADDRESS: h.env.temporalAddress, SHOPIFY_SHOP: '' },
          cwd: ROOT,
        },
      );
      return { code: 0, out: r.stdout, err: r.stderr };
    } catch (e: any) {
      return { code: e.code as number, out: e.stdout as string, err: e.stderr as string };
    }
  }

  async function setOnHand(sku: string, location: string, onHand: number) {
    await h.pool.query(
      `UPDATE inventory i SET on_hand = $3 FROM locations l
        WHERE l.shop_domain = i.shop_domain AND l.id = i.location_id AND i.shop_domain = $1 AND i.sku = $2 AND l.name = $4`,
      [h.shopDomain, sku, onHand, location],
    );
  }

  it('a stuck order is found by its search attributes, explains itself, refuses what does not fit, and is rerouted by hand', async () => {
    const healthy = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
    await h.waitForStage(healthy.orderId, 'awaiting_shipment');
    const stuck = await h.placeOrder([{ sku: 'LAST', quantity: 2 }]); // one unit anywhere
    const s = await h.waitFor(stuck.orderId, (x) => !!x.attention, 'attention');
    expect(s.attention).toMatchObject({
      reason: 'No inventory to route: LAST needs 2, 1 available',
      actions: ['retry', 'reroute', 'cancel'],
    });

    // Findable: the contract's list filters, through the gateway and the CLI.
    const listed = await fetch(`${h.gatewayUrl}/ops/orders?attention=true`, {
      headers: { authorization: `Bearer ${h.opsToken}` },
    });
    const ids = ((await listed.json()) as any).orders.map((o: any) => o.workflowId);
    expect(ids).toContain(h.workflowId(stuck.orderId));
    expect(ids).not.toContain(h.workflowId(healthy.orderId));
    const list = await cli('list', '--attention');
    expect(list.code).toBe(0);
    expect(list.out).toContain(h.workflowId(stuck.orderId));
    expect(list.out).not.toContain(h.workflowId(healthy.orderId));
    const byLocation = await cli('list', '--location', 'NJ Warehouse', '--json');
    expect(JSON.parse(byLocation.out).map((o: any) => o.orderName)).toEqual([healthy.name]);

    // Explainable: the CLI's page and the UI's summary and details.
    const shown = await cli('show', stuck.name);
    expect(shown.out).toContain(`${stuck.name}  ${h.shopDomain}  stage routing`);
    expect(shown.out).toContain('NEEDS ATTENTION');
    expect(shown.out).toMatch(/reroute\s+route the lines again/);
    const handle = h.client.workflow.getHandle(h.workflowId(stuck.orderId));
    const described = await handle.describe();
    // Set by whichever webhook started the workflow: Shopify may deliver order_transactions/create (no order data) first.
    const summary = await described.staticSummary();
    expect([`Order ${stuck.name} · ${h.shopDomain} · 60.00 USD`, `Order ${stuck.orderId} · ${h.shopDomain}`]).toContain(
      summary,
    );
    if (summary?.includes(stuck.name)) expect(await described.staticDetails()).toContain('| 2 | LAST | LAST |');
    else expect(await described.staticDetails()).toBeUndefined();
    const meta: any = await handle.query('__temporal_workflow_metadata');
    expect(meta.currentDetails).toContain('**Needs attention since');
    expect(meta.currentDetails).toContain('- `reroute`: route the lines again');

    // Refused with the workflow's reason (Update validator), or ignored with it (signal).
    const skip = await h.ops(stuck.orderId, 'skip');
    expect(skip.status).toBe(409);
    expect(skip.body.error).toBe(
      'skip refused: skip is not offered for "No inventory to route: LAST needs 2, 1 available"; choose one of retry, reroute, cancel',
    );
    expect((await h.ops(healthy.orderId, 'retry')).body.error).toMatch(
      /retry applies when the order needs attention; it is in stage awaiting_shipment/,
    );
    const cliRetry = await cli('retry', healthy.name);
    expect(cliRetry.code).toBe(1);
    expect(cliRetry.err).toMatch(/retry refused/);
    await h.client.workflow.getHandle(h.workflowId(healthy.orderId)).signal('retry', {});
    await h.waitFor(
      healthy.orderId,
      (x) => x.timeline.some((t) => t.event.startsWith('Ignored retry: retry applies when the order needs attention')),
      'ignored retry',
    );

    // A reroute to a place that does not exist says so and waits again.
    expect((await h.ops(stuck.orderId, 'reroute', { toLocation: 'Nowhere' })).status).toBe(200);
    await h.waitFor(
      stuck.orderId,
      (x) => x.attention?.reason === 'No active location or partner "Nowhere" to reroute to',
      'unknown location',
    );

    // Stock arrives at LA (a count the engine did not know of); the operator sends the lines there from the terminal.
    await setOnHand('LAST', 'LA Warehouse', 3);
    const rerouted = await cli('reroute', stuck.name, '--to', 'LA Warehouse', '--by', 'ann');
    expect(rerouted.out).toContain('reroute accepted');
    const routed = await h.waitForStage(stuck.orderId, 'awaiting_shipment');
    expect(routed.allocations.map((a) => [a.locationName, a.state])).toEqual([['LA Warehouse', 'released_to_ship']]);
    expect(routed.timeline.some((t) => t.event === 'Reroute requested by ann to LA Warehouse')).toBe(true);
    expect((await h.inventory('LAST'))['LA Warehouse']).toEqual({ onHand: 3, reserved: 2 });
    await h.shipAllReleased(stuck.orderId);
    expect((await h.result(stuck.orderId)).stage).toBe('completed');
    await h.recordHistory(stuck.orderId, 'ops-updates-reroute');

    // Closed orders refuse every action.
    const late = await h.ops(stuck.orderId, 'hold');
    expect(late).toEqual({
      status: 409,
      body: { error: `order ${stuck.orderId} has finished (COMPLETED); there is nothing left to hold` },
    });
  });

  it('reroutes an allocation a partner has not accepted yet (signal from the UI): released, withdrawn, routed elsewhere', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]); // Brooklyn Store, which must accept
    const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
    expect(asked.allocations[0]!.locationName).toBe('Brooklyn Store');
    expect(asked.waiting?.what).toMatch(/^Brooklyn Store to accept /);
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(1);

    await h.client.workflow
      .getHandle(h.workflowId(orderId))
      .signal('reroute', { exclude: ['Brooklyn Store'], by: 'ops-bot' });
    const moved = await h.waitForStage(orderId, 'awaiting_shipment');
    expect(moved.allocations.map((a) => [a.locationName, a.state, a.rejectionReason])).toEqual([
      ['Brooklyn Store', 'rejected', 'rerouted by ops-bot'],
      ['LA Warehouse', 'released_to_ship', null],
    ]);
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(0);
    // A late acceptance from Brooklyn changes nothing.
    await h.acknowledge('bk-store', asked.allocations[0]!.id, 'accepted');
    await h.shipAllReleased(orderId);
    const done = await h.result(orderId);
    expect(done.stage).toBe('completed');
    expect(done.allocations.filter((a) => a.state === 'shipped').map((a) => a.locationName)).toEqual(['LA Warehouse']);
    await h.recordHistory(orderId, 'ops-reroute');
  });

  it('an operator hold before capture stops the capture; after release to ship it holds the fulfillment order in Shopify', async () => {
    // Held while Brooklyn decides: accepted, but nothing is captured until release.
    const early = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const asked = await h.waitForStage(early.orderId, 'awaiting_acceptance');
    const hold = await h.ops(early.orderId, 'hold', { reason: 'address check', by: 'ann' });
    expect(hold).toMatchObject({ status: 200, body: { action: 'hold', accepted: true } });
    expect((await h.ops(early.orderId, 'hold')).body.error).toMatch(/already on hold since .* \(address check\)/);
    await h.acknowledge('bk-store', asked.allocations[0]!.id, 'accepted');
    const gated = await h.waitFor(
      early.orderId,
      (x) => x.stage === 'capturing' && !!x.waiting,
      'capture gated by the hold',
    );
    expect(gated.waiting!.what).toMatch(/^the operator hold to be released before capturing and releasing/);
    expect(gated.opsHold).toMatchObject({ reason: 'address check', by: 'ann' });
    let sim = await h.sim.order(early.orderId);
    expect(sim.transactions.filter((t: any) => t.kind === 'CAPTURE')).toEqual([]);
    expect((await h.ops(early.orderId, 'release')).status).toBe(200);
    await h.waitForStage(early.orderId, 'awaiting_shipment');
    sim = await h.sim.order(early.orderId);
    expect(sim.transactions.filter((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS')).toHaveLength(1);

    // Held after release to ship: Shopify gets the operator's hold, a ship notice waits, release lets it through.
    const late = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
    const released = await h.waitForStage(late.orderId, 'awaiting_shipment');
    const fo = released.allocations[0]!.fulfillmentOrderIds[0]!;
    await h.client.workflow.getHandle(h.workflowId(late.orderId)).signal('hold', { reason: 'customer called' });
    await h.waitFor(late.orderId, (x) => x.holds.some((o) => o.handle === OPS_HOLD_HANDLE), 'hold in Shopify');
    sim = await h.sim.order(late.orderId);
    expect(sim.fulfillmentOrders.find((f: any) => f.id === fo).holds.map((x: any) => x.handle)).toEqual([
      OPS_HOLD_HANDLE,
    ]);
    await h.ship('nj-wh', released.allocations[0]!.id, '1ZHELD');
    await h.waitFor(late.orderId, (x) => x.timeline.some((t) => t.event.includes('1ZHELD')), 'ship notice buffered');
    expect((await h.status(late.orderId))!.stage).toBe('awaiting_shipment');
    expect((await h.sim.order(late.orderId)).fulfillments ?? []).toHaveLength(0);
    expect((await h.ops(late.orderId, 'release', { by: 'ann' })).status).toBe(200);
    const done = await h.result(late.orderId);
    expect(done.stage).toBe('completed');
    sim = await h.sim.order(late.orderId);
    expect(sim.fulfillments).toHaveLength(1);
    expect(sim.fulfillmentOrders.flatMap((f: any) => f.holds)).toEqual([]);
    await h.recordHistory(late.orderId, 'ops-hold');
  });

  it('a completed order reset to before its capture runs again to completed without capturing, fulfilling or consuming twice', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
    const onHand = (await h.inventory('TEE'))['NJ Warehouse']!.onHand;
    await h.shipAllReleased(orderId);
    const first = await h.result(orderId);
    expect(first.stage).toBe('completed');
    expect((await h.inventory('TEE'))['NJ Warehouse']!.onHand).toBe(onHand - 1);

    const newRunId = await resetBefore(orderId, 'captureForAllocation');
    const again = await h.client.workflow.getHandle(h.workflowId(orderId), newRunId).result();
    expect(again.stage).toBe('completed');

    const sim = await h.sim.order(orderId);
    expect(sim.transactions.filter((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS')).toHaveLength(1);
    expect(sim.fulfillments).toHaveLength(1);
    expect((await h.inventory('TEE'))['NJ Warehouse']!.onHand).toBe(onHand - 1);
  });

  it('a rerouted order reset to before its first routing holds exactly its reservations again and completes', async () => {
    const before = await h.inventory('MUG');
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
    await h.acknowledge('bk-store', asked.allocations[0]!.id, 'rejected', 'no stock on the shelf');
    await h.waitFor(
      orderId,
      (x) => x.stage === 'awaiting_shipment' && x.allocations.some((a) => a.locationName === 'LA Warehouse'),
      'rerouted to LA',
    );
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(before['Brooklyn Store']!.reserved);

    // The new run replays routing: the first decision (Brooklyn, released since) is reserved again, the
    // re-applied rejection releases it again, and the second decision (LA) is the same reservation as before.
    const newRunId = await resetBefore(orderId, 'allocate');
    const again = h.client.workflow.getHandle(h.workflowId(orderId), newRunId);
    await h.waitFor(
      orderId,
      (x) => x.stage === 'awaiting_shipment' && x.allocations.some((a) => a.locationName === 'LA Warehouse'),
      'rerouted again',
    );
    const held = await h.inventory('MUG');
    expect(held['Brooklyn Store']!.reserved).toBe(before['Brooklyn Store']!.reserved);
    expect(held['LA Warehouse']!.reserved).toBe(before['LA Warehouse']!.reserved + 1);
    await h.shipAllReleased(orderId);
    expect((await again.result()).stage).toBe('completed');
    const sim = await h.sim.order(orderId);
    expect(sim.transactions.filter((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS')).toHaveLength(1);
    expect((await h.inventory('MUG'))['LA Warehouse']).toEqual({
      onHand: before['LA Warehouse']!.onHand - 1,
      reserved: before['LA Warehouse']!.reserved,
    });
  });

  /** Reset the order's workflow to the last workflow task before `activity` was first scheduled; the new run id. */
  async function resetBefore(orderId: string, activity: string): Promise<string> {
    const handle = h.client.workflow.getHandle(h.workflowId(orderId));
    const { runId } = await handle.describe();
    const events = (await handle.fetchHistory()).events ?? [];
    const at = events.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activity);
    const point = events
      .slice(0, at)
      .reverse()
      .find((e) => e.workflowTaskCompletedEventAttributes);
    expect(point, `a workflow task before ${activity}`).toBeTruthy();
    const { runId: newRunId } = await h.client.workflowService.resetWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: h.workflowId(orderId), runId },
      workflowTaskFinishEventId: point!.eventId,
      reason: `ops test: reset to before ${activity}`,
      requestId: `reset-${orderId}-${activity}`,
    });
    expect(newRunId).toBeTruthy();
    expect(newRunId).not.toBe(runId);
    return newRunId!;
  }

  it('a partner past its ship-by date asks a person; the deadline is in Shopify; retry gives it another period', async () => {
    await upsertPartner(h.pool, {
      id: h.partnerId('nj-wh'),
      shopDomain: h.shopDomain,
      name: 'NJ Warehouse',
      token: PARTNER_TOKENS['nj-wh'],
      shipBySeconds: 2,
    });
    try {
      const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
      const released = await h.waitForStage(orderId, 'awaiting_shipment');
      const a = released.allocations[0]!;
      expect(a.shipBy).toBeTruthy();
      const fo = await h.sim.fulfillmentOrder(a.fulfillmentOrderIds[0]!);
      expect(Math.abs(Date.parse(fo.fulfillmentOrder.fulfillBy) - Date.parse(a.shipBy!))).toBeLessThan(1000); // Shopify keeps whole seconds
      const late = await h.waitFor(orderId, (x) => !!x.attention, 'overdue', 30_000);
      expect(late.attention).toMatchObject({
        reason: expect.stringMatching(/^NJ Warehouse has not shipped .* by /),
        actions: ['retry', 'skip', 'cancel'],
      });
      expect((await h.ops(orderId, 'retry')).status).toBe(200);
      const extended = await h.waitFor(
        orderId,
        (x) => !x.attention && Date.parse(x.allocations[0]!.shipBy ?? '0') > Date.parse(a.shipBy!),
        'a new ship-by date',
      );
      await h.ship('nj-wh', extended.allocations[0]!.id, '1ZLATE');
      expect((await h.result(orderId)).stage).toBe('completed');
    } finally {
      await upsertPartner(h.pool, {
        id: h.partnerId('nj-wh'),
        shopDomain: h.shopDomain,
        name: 'NJ Warehouse',
        token: PARTNER_TOKENS['nj-wh'],
      });
    }
  });

  it('with the reroute policy, a partner past its ship-by date is withdrawn and the lines go elsewhere, captured once', async () => {
    await upsertPartner(h.pool, {
      id: h.partnerId('nj-wh'),
      shopDomain: h.shopDomain,
      name: 'NJ Warehouse',
      token: PARTNER_TOKENS['nj-wh'],
      shipBySeconds: 2,
      shipByPolicy: 'reroute',
    });
    try {
      const before = (await h.inventory('TEE'))['NJ Warehouse']!.reserved;
      const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
      const first = await h.waitForStage(orderId, 'awaiting_shipment');
      expect(first.allocations[0]!.locationName).toBe('NJ Warehouse');
      const asked = await h.waitFor(
        orderId,
        (x) => x.allocations.some((a) => a.locationName === 'Brooklyn Store' && a.state === 'awaiting_acceptance'),
        'rerouted to Brooklyn',
        30_000,
      );
      expect(asked.allocations[0]).toMatchObject({
        locationName: 'NJ Warehouse',
        state: 'rejected',
        rejectionReason: expect.stringMatching(/^not shipped by /),
      });
      expect((await h.inventory('TEE'))['NJ Warehouse']!.reserved).toBe(before);
      await h.acknowledge('bk-store', asked.allocations[1]!.id, 'accepted');
      await h.shipAllReleased(orderId);
      expect((await h.result(orderId)).stage).toBe('completed');
      const sim = await h.sim.order(orderId);
      expect(sim.transactions.filter((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS')).toHaveLength(1);
    } finally {
      await upsertPartner(h.pool, {
        id: h.partnerId('nj-wh'),
        shopDomain: h.shopDomain,
        name: 'NJ Warehouse',
        token: PARTNER_TOKENS['nj-wh'],
      });
    }
  });

  it('cancel as an Update compensates like a Shopify cancellation; bad requests get reasons', async () => {
    const before = (await h.inventory('MUG'))['Brooklyn Store']!.reserved;
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    await h.waitForStage(orderId, 'awaiting_acceptance');
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(before + 1);
    expect((await h.ops(orderId, 'reroute', { exclude: 'Brooklyn Store' })).body.error).toBe(
      'Invalid body: exclude must be a list of location names, ids or partner ids',
    );
    expect((await h.ops(orderId, 'teleport')).status).toBe(404);
    expect((await h.ops(orderId, 'hold', {}, 'wrong-token')).status).toBe(401);
    expect((await h.ops('99999999', 'hold')).status).toBe(404);
    const cancel = await h.ops(orderId, 'cancel', { reason: 'customer asked', by: 'ann' });
    expect(cancel).toMatchObject({ status: 200, body: { action: 'cancel', accepted: true } });
    const done = await h.result(orderId);
    expect(done.stage).toBe('cancelled');
    expect(done.cancelReason).toBe('customer asked');
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(before);
    const sim = await h.sim.order(orderId);
    expect(sim.cancelledAt).toBeTruthy();
  });
});
