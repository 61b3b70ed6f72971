import { returnStatusQuery, returnWorkflowId, type ReturnStatusView } from '../../src/returns/contract';
import { PARTNER_TOKENS, type Harness, type PartnerId } from './harness';

/** Returns through the real stack: the customer's request in the simulator, the engine's HTTP surfaces, the workflow's status. */
export class ReturnsDriver {
  constructor(private readonly h: Harness) {}

  /** The customer asks for a return in the store (the simulator sends returns/request). */
  async request(orderId: string, lineItems: { sku: string; quantity: number; reason?: string }[]) {
    return this.h.sim.call('POST', `/shops/${this.h.shopDomain}/orders/${orderId}/returns`, { lineItems });
  }

  /** Shopify's returns of an order, as the simulator keeps them. */
  async inShopify(orderId: string): Promise<any[]> {
    return this.h.sim.call('GET', `/shops/${this.h.shopDomain}/orders/${orderId}/returns`);
  }

  workflowId(returnId: string) {
    return returnWorkflowId(this.h.shopDomain, returnId);
  }

  async status(returnId: string): Promise<ReturnStatusView | null> {
    try {
      return await this.h.client.workflow.getHandle(this.workflowId(returnId)).query(returnStatusQuery);
    } catch {
      return null;
    }
  }

  async waitFor(returnId: string, predicate: (s: ReturnStatusView) => boolean, what: string, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    let last: ReturnStatusView | null = null;
    while (Date.now() < deadline) {
      last = await this.status(returnId);
      if (last && predicate(last)) return last;
      await new Promise((r) => setTimeout(r, 200));
    }
    const d = await this.h.client.workflow
      .getHandle(this.workflowId(returnId))
      .describe()
      .catch(() => null);
    const pending = (d?.raw.pendingActivities ?? []).map((a) => `${a.activityType?.name}: ${a.lastFailure?.message}`);
    const history = await this.h.client.workflow
      .getHandle(this.workflowId(returnId))
      .fetchHistory()
      .catch(() => null);
    const failure = history?.events
      ?.map(
        (e) =>
          e.workflowTaskFailedEventAttributes?.failure?.message ??
          e.activityTaskFailedEventAttributes?.failure?.message ??
          e.workflowExecutionFailedEventAttributes?.failure?.cause?.message ??
          e.workflowExecutionFailedEventAttributes?.failure?.message,
      )
      .filter(Boolean)
      .at(-1);
    if (failure) pending.push(`failed: ${failure}`);
    throw new Error(
      `Timed out waiting for ${what}; last: ${JSON.stringify(last && { stage: last.stage, attention: last.attention, lines: last.lines, timeline: last.timeline.slice(-8) })}; pending: ${pending.join('; ')}`,
    );
  }

  /** The workflow's result once it has ended. */
  result(returnId: string): Promise<ReturnStatusView> {
    return this.h.client.workflow.getHandle(this.workflowId(returnId)).result();
  }

  private async post(path: string, body: unknown, token: string) {
    const res = await fetch(`${this.h.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  receipt(partner: PartnerId, returnId: string, body: unknown) {
    return this.post(
      `/partners/${this.h.partnerId(partner)}/returns/${returnId}/receipts`,
      body,
      PARTNER_TOKENS[partner],
    );
  }

  scan(partner: PartnerId, returnId: string, body: unknown) {
    return this.post(`/partners/${this.h.partnerId(partner)}/returns/${returnId}/scans`, body, PARTNER_TOKENS[partner]);
  }

  act(returnId: string, action: string, body: unknown = {}) {
    return this.post(`/ops/returns/${returnId}/${action}`, body, this.h.opsToken);
  }

  create(body: unknown) {
    return this.post('/returns', body, this.h.opsToken);
  }
}
