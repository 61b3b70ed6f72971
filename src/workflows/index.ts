// Workflow code only: bundled by the worker into Temporal's deterministic sandbox.
export { orderWorkflow } from './order/workflow';
