import { ensureLevel, setQuantity } from './inventory';
import type { Shop, SimStore } from './store';

/**
 * The demo shop `npm start` serves when no store is configured: four locations
 * with real coordinates and stock spread so that orders ship from one place,
 * split, or go to a drop-ship vendor.
 */
export const DEMO_SHOP = {
  domain: 'demo-shop.myshopify.com',
  accessToken: 'shpat_simulator_demo',
  webhookSecret: 'simulator-webhook-secret',
  name: 'Demo Shop',
} as const;

export const DEMO_LOCATIONS = [
  {
    key: 'nj',
    name: 'NJ Warehouse',
    address: {
      address1: '100 Port St',
      city: 'Newark',
      provinceCode: 'NJ',
      countryCode: 'US',
      zip: '07114',
      latitude: 40.7357,
      longitude: -74.1724,
    },
  },
  {
    key: 'bk',
    name: 'Brooklyn Store',
    address: {
      address1: '200 Atlantic Ave',
      city: 'Brooklyn',
      provinceCode: 'NY',
      countryCode: 'US',
      zip: '11201',
      latitude: 40.6782,
      longitude: -73.9442,
    },
  },
  {
    key: 'la',
    name: 'LA Warehouse',
    address: {
      address1: '300 Alameda St',
      city: 'Los Angeles',
      provinceCode: 'CA',
      countryCode: 'US',
      zip: '90012',
      latitude: 34.0522,
      longitude: -118.2437,
    },
  },
  {
    key: 'acme',
    name: 'Acme Dropship',
    address: {
      address1: '400 Wacker Dr',
      city: 'Chicago',
      provinceCode: 'IL',
      countryCode: 'US',
      zip: '60606',
      latitude: 41.8781,
      longitude: -87.6298,
    },
  },
] as const;

type LocationKey = (typeof DEMO_LOCATIONS)[number]['key'];

export const DEMO_PRODUCTS: {
  sku: string;
  title: string;
  price: string;
  stock: Partial<Record<LocationKey, number>>;
}[] = [
  { sku: 'TEE-BLK-M', title: 'Black Tee (M)', price: '25.00', stock: { nj: 500, bk: 40, la: 300 } },
  { sku: 'TEE-WHT-M', title: 'White Tee (M)', price: '25.00', stock: { nj: 300, la: 300 } },
  { sku: 'MUG-CLASSIC', title: 'Classic Mug', price: '14.00', stock: { bk: 200, la: 200 } },
  { sku: 'HOODIE-GRY-L', title: 'Grey Hoodie (L)', price: '59.00', stock: { la: 200 } },
  { sku: 'CAP-NAVY', title: 'Navy Cap', price: '19.00', stock: { acme: 500, la: 100 } },
  { sku: 'POSTER-A2', title: 'Poster A2', price: '12.00', stock: { nj: 400 } },
];

/** Seed the demo shop into a store in this process, or into a running simulator over its control API. */
export function seedDemoShop(target: SimStore): Shop;
export function seedDemoShop(target: string): Promise<void>;
export function seedDemoShop(target: SimStore | string): Shop | Promise<void> {
  return typeof target === 'string' ? seedOverHttp(target) : seedStore(target);
}

function seedStore(store: SimStore): Shop {
  const shop = store.createShop({ ...DEMO_SHOP });
  if (shop.locations.length) return shop; // already seeded (e.g. loaded from the state file)
  const ids: Record<string, string> = {};
  for (const l of DEMO_LOCATIONS) {
    const gid = store.gid('Location');
    shop.locations.push({ gid, name: l.name, isActive: true, fulfillsOnlineOrders: true, address: { ...l.address } });
    ids[l.key] = gid;
  }
  for (const p of DEMO_PRODUCTS) {
    const inventoryItemGid = store.gid('InventoryItem');
    shop.variants.push({
      gid: store.gid('ProductVariant'),
      sku: p.sku,
      title: p.title,
      price: Math.round(Number(p.price) * 100),
      requiresShipping: true,
      inventoryItemGid,
    });
    for (const [k, onHand] of Object.entries(p.stock))
      setQuantity(ensureLevel(shop, inventoryItemGid, ids[k]!), 'on_hand', onHand!);
  }
  return shop;
}

async function seedOverHttp(baseUrl: string): Promise<void> {
  const call = async (path: string, body: unknown) => {
    const res = await fetch(`${baseUrl.replace(/\/$/, '')}/_sim${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST /_sim${path} -> ${res.status}: ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const shopPath = `/shops/${DEMO_SHOP.domain}`;
  await call('/shops', { ...DEMO_SHOP });
  const ids: Record<string, string> = {};
  for (const l of DEMO_LOCATIONS)
    ids[l.key] = (await call(`${shopPath}/locations`, { name: l.name, address: l.address })).id;
  for (const p of DEMO_PRODUCTS) {
    await call(`${shopPath}/products`, {
      title: p.title,
      variants: [
        {
          sku: p.sku,
          price: p.price,
          inventory: Object.fromEntries(Object.entries(p.stock).map(([k, q]) => [ids[k]!, q])),
        },
      ],
    });
  }
}
