import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator';
import { DEMO_SHOP } from '../../src/simulator/seed';
import { SimulatorControl } from '../support/sim';

describe('simulator state file', () => {
  it('keeps shops, orders and big IDs across a restart, and never reuses an ID', async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'oo-sim-')), 'simulator.json');
    let sim = await startSimulator({ seedDemo: true, stateFile });
    let ctl = new SimulatorControl(sim.url, DEMO_SHOP.domain);
    const placed = await ctl.createOrder({ lineItems: [{ sku: 'TEE-BLK-M', quantity: 1 }] });
    await ctl.call('POST', ctl.shopPath(`/orders/${placed.legacyResourceId}/cancel`), {});
    await sim.close();

    sim = await startSimulator({ seedDemo: true, stateFile });
    ctl = new SimulatorControl(sim.url, DEMO_SHOP.domain);
    const again = await ctl.order(placed.legacyResourceId);
    expect(again.name).toBe(placed.name);
    expect(again.cancelledAt).toBeTruthy();
    const next = await ctl.createOrder({ lineItems: [{ sku: 'TEE-BLK-M', quantity: 1 }] });
    expect(BigInt(next.legacyResourceId) > BigInt(placed.legacyResourceId)).toBe(true);
    expect(next.name).toBe('#1002');
    const shop = await ctl.call('GET', ctl.shopPath());
    expect(shop.locations).toHaveLength(4); // the demo seed did not add a second set
    await sim.close();
  });
});
