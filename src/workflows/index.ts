// Workflow code only: bundled by the worker into Temporal's deterministic sandbox.
export { orderWorkflow } from './order/workflow';
export { orderSweepWorkflow } from './orders/sweep';
export { inventorySyncWorkflow } from './inventory/sync';
export { inventoryReconcileWorkflow } from './inventory/reconcile';
export { catalogSyncWorkflow } from './catalog/sync';
export { returnWorkflow } from './returns/workflow';
export { returnRequestWorkflow } from './returns/request';
export { refundWorkflow } from './refunds/workflow';
