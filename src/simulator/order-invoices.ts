import { userError, type SimContext } from './context';
import { outstanding } from './payments';
import { nowIso } from './store';
import { orderView } from './views';

/**
 * orderInvoiceSend: email the customer an invoice for the order (what it owes
 * and where to pay it, Order.paymentCollectionDetails). The simulator sends no
 * mail; it records each invoice on the order, for the control API to show
 * (GET /_sim/shops/{domain}/orders/{id}: `invoices`).
 */
interface EmailInput {
  to?: string | null;
  from?: string | null;
  bcc?: string[] | null;
  subject?: string | null;
  customMessage?: string | null;
}

const fail = (field: string[], message: string) => ({
  order: null,
  userErrors: [userError(field, message, 'ORDER_INVOICE_SEND_UNSUCCESSFUL')],
});

export const invoiceMutations = {
  orderInvoiceSend(args: { id: string; email?: EmailInput | null }, ctx: SimContext) {
    const order = ctx.store.findOrder(ctx.shop, args.id);
    if (!order) return fail(['id'], 'Order does not exist');
    const email = args.email ?? {};
    const to = email.to || order.email;
    if (!to) return fail(['email', 'to'], 'The order has no email address to send the invoice to');
    (order.invoices ??= []).push({
      to,
      from: email.from ?? null,
      bcc: email.bcc ?? [],
      subject: email.subject ?? null,
      customMessage: email.customMessage ?? null,
      amountDue: outstanding(order),
      sentAt: nowIso(),
    });
    return { order: orderView(ctx.shop, order), userErrors: [] };
  },
};
