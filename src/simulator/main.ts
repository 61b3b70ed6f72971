/** npm run simulator: the Shopify simulator alone, with the demo shop. */
import { loadSettings } from '../config';
import { startSimulator } from './index';
import { DEMO_SHOP } from './seed';

async function main() {
  const s = loadSettings(['SIMULATOR_PORT', 'SIMULATOR_HOST']);
  const sim = await startSimulator({ port: s.SIMULATOR_PORT, host: s.SIMULATOR_HOST, seedDemo: true });
  console.log(
    `Shopify simulator at ${sim.url}: shop ${DEMO_SHOP.domain}, token ${DEMO_SHOP.accessToken}, webhook secret ${DEMO_SHOP.webhookSecret}`,
  );
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`simulator failed: ${err.message}`);
  process.exit(1);
});
