import type { Router } from 'express';
import { z } from 'zod';
import { connection } from './connection';
import type { SimContext } from './context';
import { ControlError, parseBody, route } from './control-util';
import { ensureLevel, setQuantity } from './inventory';
import { cents, nowIso, type Shop, type SimProduct, type SimStore, type SimVariant } from './store';
import type { WebhookEmitter } from './webhooks';

/**
 * Products: the Admin API's product queries (products, product, productVariants,
 * productVariant), the REST bodies of products/create and products/update, and
 * the control API that creates and changes products as a merchant would in the
 * admin. A product's variants are the shop's variants that name its GID.
 */

const DEFAULT_TITLE = 'Default Title';
const numericId = (gid: string) => BigInt(gid.split('/').pop()!.split('?')[0]!);

/** Every variant belongs to a product: variants from before products (old state files, the in-process seed) get one each, once. */
export function ensureProducts(store: SimStore, shop: Shop) {
  shop.products ??= [];
  for (const v of shop.variants) {
    if (v.productGid && shop.products.some((p) => p.gid === v.productGid)) continue;
    const at = v.createdAt ?? nowIso();
    const id = store.id();
    const p: SimProduct = {
      id,
      gid: store.gid('Product', id),
      title: v.title,
      handle: uniqueHandle(shop, v.title),
      status: 'ACTIVE',
      images: [],
      createdAt: at,
      updatedAt: v.updatedAt ?? at,
    };
    shop.products.push(p);
    v.productGid = p.gid;
    v.optionTitle ??= DEFAULT_TITLE;
    v.createdAt ??= at;
    v.updatedAt ??= at;
  }
}

function handleize(title: string) {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'product'
  );
}

function uniqueHandle(shop: Shop, title: string) {
  const base = handleize(title);
  let handle = base;
  for (let i = 1; shop.products.some((p) => p.handle === handle); i++) handle = `${base}-${i}`;
  return handle;
}

export const variantsOf = (shop: Shop, p: SimProduct) => shop.variants.filter((v) => v.productGid === p.gid);
const optionTitle = (v: SimVariant) => v.optionTitle ?? DEFAULT_TITLE;
const lineTitle = (p: SimProduct, v: SimVariant) =>
  optionTitle(v) === DEFAULT_TITLE ? p.title : `${p.title} - ${optionTitle(v)}`;
const imageOf = (p: SimProduct, gid: string | null | undefined) =>
  gid ? p.images.find((i) => i.gid === gid) : undefined;

/** A later instant than `prev` (two changes in one millisecond still order). */
function later(prev: string | undefined): string {
  const now = Date.now();
  const p = prev ? Date.parse(prev) : 0;
  return new Date(Math.max(now, p + 1)).toISOString();
}

// ---- GraphQL views ----------------------------------------------------------

const imageView = (i: { gid: string; url: string; altText: string | null } | undefined) =>
  i ? { __typename: 'Image', id: i.gid, url: i.url, altText: i.altText, width: null, height: null } : null;

export function variantView(shop: Shop, p: SimProduct, v: SimVariant): Record<string, unknown> {
  return {
    __typename: 'ProductVariant',
    id: v.gid,
    legacyResourceId: numericId(v.gid).toString(),
    sku: v.sku,
    barcode: v.barcode ?? null,
    title: optionTitle(v),
    displayName: `${p.title} - ${optionTitle(v)}`,
    price: (v.price / 100).toFixed(2),
    createdAt: v.createdAt ?? p.createdAt,
    updatedAt: v.updatedAt ?? p.updatedAt,
    inventoryItem: {
      __typename: 'InventoryItem',
      id: v.inventoryItemGid,
      legacyResourceId: numericId(v.inventoryItemGid).toString(),
      sku: v.sku,
      tracked: true,
      requiresShipping: v.requiresShipping,
      createdAt: v.createdAt ?? p.createdAt,
      updatedAt: v.updatedAt ?? p.updatedAt,
    },
    product: () => productView(shop, p),
    image: imageView(imageOf(p, v.imageGid)),
  };
}

export function productView(shop: Shop, p: SimProduct): Record<string, unknown> {
  return {
    __typename: 'Product',
    id: p.gid,
    legacyResourceId: p.id.toString(),
    title: p.title,
    handle: p.handle,
    status: p.status,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    featuredImage: imageView(p.images[0]),
    variants: (args: { first?: number; after?: string; reverse?: boolean }) => {
      const list = variantsOf(shop, p).map((v) => variantView(shop, p, v));
      return connection(args.reverse ? list.reverse() : list, args);
    },
    variantsCount: { __typename: 'Count', count: variantsOf(shop, p).length, precision: 'EXACT' },
  };
}

// ---- search syntax ----------------------------------------------------------

/** The terms the simulator understands (others match everything): updated_at / created_at with >, >=, <, <=, title:, handle:, status:, sku:, product_id:. */
function matches(
  fields: {
    updatedAt: string;
    createdAt: string;
    title?: string;
    handle?: string;
    status?: string;
    skus: string[];
    productId?: string;
  },
  query?: string | null,
): boolean {
  if (!query) return true;
  return query.split(/\s+AND\s+|\s+/i).every((term) => {
    const m = /^(updated_at|created_at|title|handle|status|sku|product_id):(>=|<=|>|<)?(.+)$/.exec(term.trim());
    if (!m) return true;
    const [, field, op, raw] = m;
    const value = raw!.replace(/^['"]|['"]$/g, '');
    if (field === 'title') return (fields.title ?? '').toLowerCase() === value.toLowerCase();
    if (field === 'handle') return fields.handle === value;
    if (field === 'status') return value.split(',').some((s) => s.toUpperCase() === fields.status);
    if (field === 'sku') return fields.skus.includes(value);
    if (field === 'product_id') return fields.productId === value;
    const at = Date.parse(field === 'updated_at' ? fields.updatedAt : fields.createdAt);
    const v = Date.parse(value);
    return op === '>=' ? at >= v : op === '>' ? at > v : op === '<=' ? at <= v : op === '<' ? at < v : at === v;
  });
}

const PRODUCT_SORT: Record<string, (p: SimProduct) => string | bigint> = {
  ID: (p) => p.id,
  TITLE: (p) => p.title.toLowerCase(),
  CREATED_AT: (p) => p.createdAt,
  UPDATED_AT: (p) => p.updatedAt,
};
const compare = (a: string | bigint, b: string | bigint) => (a < b ? -1 : a > b ? 1 : 0);

export const productQueries = {
  products(
    args: { first?: number; after?: string; query?: string; sortKey?: string; reverse?: boolean },
    ctx: SimContext,
  ) {
    ensureProducts(ctx.store, ctx.shop);
    const key = PRODUCT_SORT[args.sortKey ?? 'ID'] ?? PRODUCT_SORT.ID!;
    const list = ctx.shop.products
      .filter((p) => matches({ ...p, skus: variantsOf(ctx.shop, p).map((v) => v.sku) }, args.query))
      .sort((a, b) => compare(key(a), key(b)) || compare(a.id, b.id));
    if (args.reverse) list.reverse();
    return connection(
      list.map((p) => productView(ctx.shop, p)),
      args,
    );
  },
  product(args: { id: string }, ctx: SimContext) {
    ensureProducts(ctx.store, ctx.shop);
    const p = ctx.shop.products.find((x) => x.gid === args.id);
    return p ? productView(ctx.shop, p) : null;
  },
  productVariants(args: { first?: number; after?: string; query?: string; reverse?: boolean }, ctx: SimContext) {
    ensureProducts(ctx.store, ctx.shop);
    const list = ctx.shop.variants.flatMap((v) => {
      const p = ctx.shop.products.find((x) => x.gid === v.productGid)!;
      const fields = {
        updatedAt: v.updatedAt ?? p.updatedAt,
        createdAt: v.createdAt ?? p.createdAt,
        title: optionTitle(v),
        skus: [v.sku],
        productId: p.id.toString(),
      };
      return matches(fields, args.query) ? [variantView(ctx.shop, p, v)] : [];
    });
    return connection(args.reverse ? list.reverse() : list, args);
  },
  productVariant(args: { id: string }, ctx: SimContext) {
    ensureProducts(ctx.store, ctx.shop);
    const v = ctx.shop.variants.find((x) => x.gid === args.id);
    const p = v && ctx.shop.products.find((x) => x.gid === v.productGid);
    return v && p ? variantView(ctx.shop, p, v) : null;
  },
};

// ---- webhook bodies ---------------------------------------------------------

/** products/create and products/update: the REST product, ids as exact integers (bigint). */
export function productBody(shop: Shop, p: SimProduct): Record<string, unknown> {
  const variants = variantsOf(shop, p);
  const images = p.images.map((i, n) => ({
    id: numericId(i.gid),
    admin_graphql_api_id: i.gid,
    product_id: p.id,
    position: n + 1,
    alt: i.altText,
    src: i.url,
    variant_ids: variants.filter((v) => v.imageGid === i.gid).map((v) => numericId(v.gid)),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  }));
  return {
    id: p.id,
    admin_graphql_api_id: p.gid,
    title: p.title,
    handle: p.handle,
    status: p.status.toLowerCase(),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    published_at: p.status === 'ACTIVE' ? p.createdAt : null,
    variants: variants.map((v, n) => ({
      id: numericId(v.gid),
      admin_graphql_api_id: v.gid,
      product_id: p.id,
      title: optionTitle(v),
      sku: v.sku,
      barcode: v.barcode ?? null,
      price: (v.price / 100).toFixed(2),
      position: n + 1,
      option1: optionTitle(v),
      requires_shipping: v.requiresShipping,
      inventory_item_id: numericId(v.inventoryItemGid),
      inventory_management: 'shopify',
      image_id: v.imageGid ? numericId(v.imageGid) : null,
      created_at: v.createdAt ?? p.createdAt,
      updated_at: v.updatedAt ?? p.updatedAt,
    })),
    image: images[0] ?? null,
    images,
  };
}

// ---- merchant actions (control API) ----------------------------------------

export const newVariantInput = z.object({
  sku: z.string().min(1),
  price: z.string().regex(/^\d+(\.\d{1,2})?$/),
  title: z.string().optional(),
  barcode: z.string().nullish(),
  imageUrl: z.string().url().nullish(),
  requiresShipping: z.boolean().default(true),
  inventory: z.record(z.string(), z.number().int().min(0)).default({}),
});
export const newProductInput = z.object({
  title: z.string().min(1),
  handle: z.string().optional(),
  status: z.enum(['ACTIVE', 'ARCHIVED', 'DRAFT']).default('ACTIVE'),
  imageUrl: z.string().url().nullish(),
  variants: z.array(newVariantInput).min(1),
});
const productChangeInput = z.object({
  title: z.string().min(1).optional(),
  status: z.enum(['ACTIVE', 'ARCHIVED', 'DRAFT']).optional(),
  imageUrl: z.string().url().nullish(),
  /** Changes to existing variants, by GID. */
  variants: z
    .array(
      z.object({
        id: z.string().min(1),
        sku: z.string().min(1).optional(),
        barcode: z.string().nullish(),
        title: z.string().min(1).optional(),
        imageUrl: z.string().url().nullish(),
      }),
    )
    .default([]),
  addVariants: z.array(newVariantInput).default([]),
  /** Variant GIDs to delete (as productVariantsBulkDelete). */
  removeVariants: z.array(z.string().min(1)).default([]),
});

function imageFor(store: SimStore, p: SimProduct, url: string): string {
  const existing = p.images.find((i) => i.url === url);
  if (existing) return existing.gid;
  const image = { gid: store.gid('ProductImage'), url, altText: null };
  p.images.push(image);
  return image.gid;
}

function addVariant(
  store: SimStore,
  shop: Shop,
  p: SimProduct,
  v: z.infer<typeof newVariantInput>,
  at: string,
): SimVariant {
  for (const loc of Object.keys(v.inventory))
    if (!shop.locations.some((l) => l.gid === loc)) throw new ControlError(400, `Unknown location ${loc}`);
  let variant = shop.variants.find((x) => x.sku === v.sku);
  if (!variant) {
    variant = {
      gid: store.gid('ProductVariant'),
      sku: v.sku,
      title: v.title ? `${p.title} - ${v.title}` : p.title,
      optionTitle: v.title ?? DEFAULT_TITLE,
      price: cents(v.price),
      requiresShipping: v.requiresShipping,
      inventoryItemGid: store.gid('InventoryItem'),
      productGid: p.gid,
      barcode: v.barcode ?? null,
      imageGid: v.imageUrl ? imageFor(store, p, v.imageUrl) : null,
      createdAt: at,
      updatedAt: at,
    };
    shop.variants.push(variant);
  }
  for (const [loc, onHand] of Object.entries(v.inventory))
    setQuantity(ensureLevel(shop, variant.inventoryItemGid, loc), 'on_hand', onHand);
  return variant;
}

/**
 * The admin's "add product". A SKU the shop already has keeps its variant (and
 * gets the stock given): a repeated create of the same product is idempotent
 * and returns the product its variants belong to, with no webhook.
 */
export function createProduct(
  store: SimStore,
  shop: Shop,
  webhooks: WebhookEmitter | undefined,
  input: z.infer<typeof newProductInput>,
) {
  ensureProducts(store, shop);
  for (const v of input.variants)
    for (const loc of Object.keys(v.inventory))
      if (!shop.locations.some((l) => l.gid === loc)) throw new ControlError(400, `Unknown location ${loc}`);
  const existing = input.variants.map((v) => shop.variants.find((x) => x.sku === v.sku));
  let product: SimProduct | undefined;
  let created = false;
  if (existing.every(Boolean)) {
    product = shop.products.find((p) => p.gid === existing[0]!.productGid)!;
  } else {
    const at = nowIso();
    const id = store.id();
    product = {
      id,
      gid: store.gid('Product', id),
      title: input.title,
      handle: input.handle ?? uniqueHandle(shop, input.title),
      status: input.status,
      images: [],
      createdAt: at,
      updatedAt: at,
    };
    if (input.imageUrl) imageFor(store, product, input.imageUrl);
    shop.products.push(product);
    created = true;
  }
  const variants = input.variants.map((v) => addVariant(store, shop, product!, v, product!.createdAt));
  if (created) webhooks?.emit(shop, 'products/create', productBody(shop, product));
  return { product, variants };
}

/** The admin's product editor: title, status, image; variants changed, added, deleted. Emits products/update. */
export function updateProduct(
  store: SimStore,
  shop: Shop,
  webhooks: WebhookEmitter | undefined,
  p: SimProduct,
  change: z.infer<typeof productChangeInput>,
) {
  const at = later(p.updatedAt);
  for (const c of change.variants) {
    const v = variantsOf(shop, p).find((x) => x.gid === c.id);
    if (!v) throw new ControlError(404, `Product ${p.gid} has no variant ${c.id}`);
    if (c.sku && c.sku !== v.sku && shop.variants.some((x) => x !== v && x.sku === c.sku))
      throw new ControlError(409, `SKU ${c.sku} already belongs to another variant`);
  }
  for (const gid of change.removeVariants)
    if (!variantsOf(shop, p).some((v) => v.gid === gid))
      throw new ControlError(404, `Product ${p.gid} has no variant ${gid}`);
  for (const v of change.addVariants) {
    if (shop.variants.some((x) => x.sku === v.sku))
      throw new ControlError(409, `SKU ${v.sku} already belongs to another variant`);
    for (const loc of Object.keys(v.inventory))
      if (!shop.locations.some((l) => l.gid === loc)) throw new ControlError(400, `Unknown location ${loc}`);
  }
  if (change.title) p.title = change.title;
  if (change.status) p.status = change.status;
  if (change.imageUrl !== undefined) {
    // A new featured image (the old one stays where a variant uses it).
    const old = p.images[0];
    p.images = p.images.filter((i) => i !== old || variantsOf(shop, p).some((v) => v.imageGid === i.gid));
    if (change.imageUrl) {
      const gid = imageFor(store, p, change.imageUrl);
      p.images = [p.images.find((i) => i.gid === gid)!, ...p.images.filter((i) => i.gid !== gid)];
    }
  }
  for (const c of change.variants) {
    const v = variantsOf(shop, p).find((x) => x.gid === c.id)!;
    if (c.sku) v.sku = c.sku;
    if (c.barcode !== undefined) v.barcode = c.barcode;
    if (c.title) v.optionTitle = c.title;
    if (c.imageUrl !== undefined) v.imageGid = c.imageUrl ? imageFor(store, p, c.imageUrl) : null;
    v.updatedAt = at;
  }
  for (const gid of change.removeVariants) {
    const v = shop.variants.find((x) => x.gid === gid)!;
    shop.variants = shop.variants.filter((x) => x !== v);
    shop.levels.delete(v.inventoryItemGid);
  }
  for (const v of change.addVariants) addVariant(store, shop, p, v, at);
  for (const v of variantsOf(shop, p)) v.title = lineTitle(p, v);
  p.updatedAt = at;
  webhooks?.emit(shop, 'products/update', productBody(shop, p));
  return p;
}

export function productSummary(shop: Shop, p: SimProduct) {
  return {
    id: p.gid,
    legacyResourceId: p.id.toString(),
    title: p.title,
    handle: p.handle,
    status: p.status,
    imageUrl: p.images[0]?.url ?? null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    variants: variantsOf(shop, p).map((v) => ({
      id: v.gid,
      sku: v.sku,
      barcode: v.barcode ?? null,
      title: optionTitle(v),
      inventoryItemId: v.inventoryItemGid,
      imageUrl: imageOf(p, v.imageGid)?.url ?? null,
      updatedAt: v.updatedAt ?? p.updatedAt,
    })),
  };
}

/** GET / PATCH /_sim/shops/:domain/products/:id (a Product GID, URL-encoded, or its numeric id). */
export function productRoutes(r: Router, store: SimStore, webhooks: WebhookEmitter, shopOf: (domain: string) => Shop) {
  const find = (shop: Shop, raw: string) => {
    ensureProducts(store, shop);
    const p = shop.products.find((x) => x.gid === raw || x.id.toString() === raw);
    if (!p) throw new ControlError(404, `No product ${raw}`);
    return p;
  };
  r.get(
    '/shops/:domain/products',
    route((req) => {
      const shop = shopOf(String(req.params.domain));
      ensureProducts(store, shop);
      return shop.products.map((p) => productSummary(shop, p));
    }),
  );
  r.get(
    '/shops/:domain/products/:id',
    route((req) => {
      const shop = shopOf(String(req.params.domain));
      return productSummary(shop, find(shop, String(req.params.id)));
    }),
  );
  r.patch(
    '/shops/:domain/products/:id',
    route((req) => {
      const shop = shopOf(String(req.params.domain));
      const p = find(shop, String(req.params.id));
      return productSummary(shop, updateProduct(store, shop, webhooks, p, parseBody(productChangeInput, req.body)));
    }),
  );
}
