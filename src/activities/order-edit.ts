import { ApplicationFailure } from '@temporalio/activity';
import * as D from '../shopify/documents';
import { variantIdForSku } from '../shopify/variants';
import type { ShopifyAdmin } from '../shopify/client';
import { FailureType } from '../order/failure-types';

/** An edit as the workflow asks for it: quantities per line item, variants (by SKU) to add. */
export interface OrderEditInput {
  orderGid: string;
  /** Unique per edit of the order (the workflow's id and the edit's number); carried by the commit's staff note. */
  editKey: string;
  set: { lineItemId: string; quantity: number }[];
  add: { sku: string; quantity: number }[];
  /** Shown to staff in Shopify after the key (what changed, who asked). */
  note?: string;
}

export interface OrderEditResult {
  /** False when Shopify already holds this edit (a retry after a lost commit response). */
  committed: boolean;
  /** The order's lines after the edit. */
  lines: { lineItemId: string; sku: string; quantity: number }[];
  /** Set by the workflow when an operator skipped the step (the edit was made, or given up, by hand). */
  skipped?: boolean;
}

/** The staff note that marks an edit as the engine's, and which one. */
export const editStaffNote = (editKey: string, note?: string) =>
  `Order Orchestrator edit ${editKey}${note ? `: ${note}` : ''}`;

const numericId = (gid: string) => gid.split('/').pop()!.split('?')[0]!;

/**
 * Apply an edit in Shopify as one idempotent step: read the order (an edit
 * whose key is already in its events was committed: nothing is done again),
 * then orderEditBegin, orderEditSetQuantity per changed line,
 * orderEditAddVariant per added SKU, and orderEditCommit with the key in its
 * staff note. A retry after a lost begin, set or add starts a new session (an
 * uncommitted one changes nothing); after a lost commit it finds the key.
 */
export function orderEditActivities(shopify: ShopifyAdmin) {
  async function currentLines(orderGid: string) {
    const data = await shopify.request('OrderEditState', D.ORDER_EDIT_STATE, { id: orderGid });
    if (!data.order) throw ApplicationFailure.nonRetryable(`Order ${orderGid} not found`, FailureType.OrderNotFound);
    return data.order;
  }

  return {
    async applyOrderEdit(input: OrderEditInput): Promise<OrderEditResult> {
      const order = await currentLines(input.orderGid);
      const linesOf = (o: { lineItems: { nodes: { id: string; sku?: string | null; currentQuantity: number }[] } }) =>
        o.lineItems.nodes.map((l) => ({ lineItemId: l.id, sku: l.sku ?? '', quantity: l.currentQuantity }));
      const marker = editStaffNote(input.editKey);
      const carriesKey = (note: string) => note === marker || note.startsWith(`${marker}: `);
      if (order.events.nodes.some((e) => 'secondaryMessage' in e && carriesKey(e.secondaryMessage ?? '')))
        return { committed: false, lines: linesOf(order) };
      if (order.cancelledAt)
        throw ApplicationFailure.nonRetryable(
          `Shopify cancelled the order at ${order.cancelledAt}; the edit is not made`,
          FailureType.OrderCancelledInShopify,
          { cancelledAt: order.cancelledAt },
        );

      const variants = new Map<string, string>();
      for (const a of input.add) {
        const id = await variantIdForSku(shopify, a.sku);
        if (!id) throw ApplicationFailure.nonRetryable(`No product variant has SKU ${a.sku}`, FailureType.BadInput);
        variants.set(a.sku, id);
      }

      const begun = await shopify.mutate('OrderEditBegin', 'orderEditBegin', D.ORDER_EDIT_BEGIN, {
        id: input.orderGid,
      });
      const calc = begun.orderEditBegin?.calculatedOrder;
      if (!calc) throw new Error(`orderEditBegin returned no calculated order for ${input.orderGid}`);
      for (const s of input.set) {
        // A calculated line item carries the number of the line item it stands for.
        const line = calc.lineItems.nodes.find((l) => numericId(l.id) === numericId(s.lineItemId));
        if (!line)
          throw ApplicationFailure.nonRetryable(
            `Line item ${s.lineItemId} is not on the order being edited`,
            FailureType.BadInput,
          );
        await shopify.mutate('OrderEditSetQuantity', 'orderEditSetQuantity', D.ORDER_EDIT_SET_QUANTITY, {
          id: calc.id,
          lineItemId: line.id,
          quantity: s.quantity,
          restock: true,
        });
      }
      for (const a of input.add) {
        await shopify.mutate('OrderEditAddVariant', 'orderEditAddVariant', D.ORDER_EDIT_ADD_VARIANT, {
          id: calc.id,
          variantId: variants.get(a.sku)!,
          quantity: a.quantity,
          allowDuplicates: true,
        });
      }
      const done = await shopify.mutate('OrderEditCommit', 'orderEditCommit', D.ORDER_EDIT_COMMIT, {
        id: calc.id,
        staffNote: editStaffNote(input.editKey, input.note),
        notifyCustomer: false,
      });
      const after = done.orderEditCommit?.order;
      return { committed: true, lines: after ? linesOf(after) : linesOf(await currentLines(input.orderGid)) };
    },
  };
}
