import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Harness } from '../support/harness';
import { artifactPath, launchChromium, TemporalUi } from './temporal-ui';

/**
 * An operator unblocks a stuck order in the Temporal Web UI, in a real
 * headless Chromium against the suite's dev server (its UI on a free port,
 * see test/global-setup.ts): find it with the list filter, read why it waits
 * (summary and current details), send `retry` from the "Send a Signal"
 * dialog, and watch it complete.
 *
 * Needs Chromium (Debian's `chromium`, or CHROMIUM_PATH): the test fails,
 * never skips, when it is missing. Screenshots go to test-results/browser/.
 */
describe('ops in the Temporal Web UI', () => {
  let h: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let ui: TemporalUi;

  beforeAll(async () => {
    h = await Harness.start('browser');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await h?.close();
  });

  /** on_hand of `sku` in PostgreSQL, at one location or (no location) everywhere for this shop. */
  async function setOnHand(sku: string, onHand: number, location?: string) {
    const { rowCount } = await h.pool.query(
      `UPDATE inventory i SET on_hand = $3, updated_at = now()
         FROM locations l
        WHERE l.shop_domain = i.shop_domain AND l.id = i.location_id
          AND i.shop_domain = $1 AND i.sku = $2 AND ($4::text IS NULL OR l.name = $4)`,
      [h.shopDomain, sku, onHand, location ?? null],
    );
    expect(rowCount).toBeGreaterThan(0);
  }

  it(
    'finds a stuck order with the list filter, reads why, retries it from the Signal dialog, and sees it complete',
    { timeout: 300_000 },
    async () => {
      // In the test, not a hook: a missing Chromium fails the test (vitest reports a failed hook's tests as skipped).
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      page = await context.newPage();
      ui = new TemporalUi(page, inject('temporalUiUrl'));
      try {
        // An order that flows: 1 x TEE ships from NJ Warehouse and waits for the partner's shipment.
        const flowing = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
        // An order that gets stuck: no CAP on hand anywhere, so routing parks it for a person.
        await setOnHand('CAP', 0);
        const stuck = await h.placeOrder([{ sku: 'CAP', quantity: 1 }]);
        const stuckId = h.workflowId(stuck.orderId);
        const flowingId = h.workflowId(flowing.orderId);
        const parked = await h.waitFor(stuck.orderId, (s) => !!s.attention, 'attention');
        expect(parked.attention!.reason).toMatch(/^No inventory to route/);
        expect(parked.attention!.actions).toEqual(expect.arrayContaining(['retry', 'cancel']));
        await h.waitForStage(flowing.orderId, 'awaiting_shipment');

        // 1. The list, filtered through the UI's own query box: the stuck order is there, the flowing one is not.
        await ui.openWorkflowList();
        await ui.filterList('NeedsAttention = true');
        await ui.workflowLink(stuckId).waitFor({ timeout: 60_000 });
        await expect.poll(() => ui.listedWorkflowIds(), { timeout: 30_000 }).not.toContain(flowingId);
        expect(await ui.listedWorkflowIds()).toContain(stuckId);

        // By order name, through the URL (`?query=`). Every test file's shop numbers its orders from
        // #1001, so the shop is named too; then the list holds exactly the stuck order.
        await ui.openWorkflowList(`OrderName = "${stuck.name}" AND ShopDomain = "${h.shopDomain}"`);
        await ui.workflowLink(stuckId).waitFor({ timeout: 60_000 });
        expect(await ui.listedWorkflowIds()).toEqual([stuckId]);

        // 2. The order's page: the gateway's static summary and the workflow's current details (Markdown).
        await ui.openWorkflow(stuckId);
        await ui.statusBadge('Running').first().waitFor({ timeout: 60_000 });
        const meta = await ui.userMetadata();
        // The first webhook to arrive starts the workflow and sets its summary: orders/create names the
        // order; Shopify may deliver order_transactions/create (no order data) first, then it is the id.
        const summaryHead = new RegExp(`^Order (${stuck.name.replace('#', '\\#')}|${stuck.orderId}) · `);
        expect(meta.summary).toMatch(summaryHead);
        expect(meta.summary).toContain(h.shopDomain);
        expect(meta.currentDetails).toContain('Needs attention');
        expect(meta.currentDetails).toContain('No inventory to route');
        expect(meta.currentDetails).toContain('retry');
        await page.screenshot({ path: artifactPath('order-page-attention.png'), fullPage: true });

        // 3. Stock arrives at LA Warehouse; the operator retries from the dialog, with input {}.
        await setOnHand('CAP', 2, 'LA Warehouse');
        const { offered } = await ui.sendSignal('retry', {});
        // The dialog offers the signals the workflow defines (from its metadata), besides a custom name.
        expect(offered).toEqual(
          expect.arrayContaining(['retry', 'skip', 'cancel', 'shopifyEvent', 'partnerAcknowledgment', 'shipment']),
        );
        const routed = await h.waitFor(
          stuck.orderId,
          (s) => !s.attention && s.stage === 'awaiting_shipment',
          'retry to route the order',
        );
        expect(routed.allocations.map((a) => a.locationName)).toEqual(['LA Warehouse']);
        expect(routed.timeline.map((t) => t.event).join('\n')).toMatch(/retry/i);

        // The UI agrees: the order is no longer under NeedsAttention = true ...
        await ui.openWorkflowList(`NeedsAttention = true AND ShopDomain = "${h.shopDomain}"`);
        await expect.poll(() => ui.listedWorkflowIds(), { timeout: 30_000 }).not.toContain(stuckId);
        // ... and its current details no longer ask for a person.
        await ui.openWorkflow(stuckId);
        await ui.openTab('User Metadata');
        await expect.poll(() => ui.metadataText('Current Details'), { timeout: 30_000 }).toContain('awaiting_shipment');
        expect(await ui.metadataText('Current Details')).not.toContain('Needs attention');

        // The partner ships; the order completes (status query, and the UI's status badge).
        await h.shipAllReleased(stuck.orderId);
        const done = await h.result(stuck.orderId);
        expect(done.stage).toBe('completed');
        expect((await h.status(stuck.orderId))?.stage).toBe('completed');
        await ui.waitForStatus('Completed');
        // A fresh load shows the final details (the page keeps what it loaded while running).
        await ui.openWorkflow(stuckId);
        await ui.statusBadge('Completed').first().waitFor({ timeout: 60_000 });
        await ui.openTab('User Metadata');
        expect(await ui.metadataText('Summary')).toMatch(summaryHead);
        await expect.poll(() => ui.metadataText('Current Details'), { timeout: 30_000 }).toContain('completed');

        // 4. The order's page, for people.
        await page.screenshot({ path: artifactPath('order-page.png'), fullPage: true });
      } catch (err) {
        await page?.screenshot({ path: artifactPath('failure.png'), fullPage: true }).catch(() => undefined);
        throw err;
      }
    },
  );
});
