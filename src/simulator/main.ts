/** npm run simulator: the Shopify simulator alone, with the demo shop. */
import { startSimulator } from './index';
import { DEMO_SHOP } from './seed';

async function main() {
  const sim = await startSimulator({ port: Number(process.env.SIMULATOR_PORT ?? 4000), host: process.env.SIMULATOR_HOST ?? '127.0.0.1', seedDemo: true });
  console.log(`Shopify simulator at ${sim.url}: shop ${DEMO_SHOP.domain}, token ${DEMO_SHOP.accessToken}, webhook secret ${DEMO_SHOP.webhookSecret}`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`simulator failed: ${err.message}`);
  process.exit(1);
});
