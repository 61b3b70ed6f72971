import { isLosslessNumber } from 'lossless-json';
import type { Pool } from 'pg';
import { isShopifyId } from '../shopify/shopify-id';
import { WebhookPayloadError } from '../shopify/webhook-payload';
import { applyProductInTransaction, type ApplyResult, type CatalogVariant } from './repository';

/**
 * products/create and products/update into the master catalog. The body is
 * Shopify's REST product, parsed losslessly (src/shopify/webhook-payload.ts:
 * numbers are LosslessNumber), so ids are taken from the admin_graphql_api_id
 * strings, with the numeric ids as a fallback written out exactly. A body
 * older than what the catalog holds (updated_at) changes nothing.
 */
export type ProductTopic = 'products/create' | 'products/update';
export const PRODUCT_TOPICS: readonly ProductTopic[] = ['products/create', 'products/update'];

export function isProductTopic(topic: string): topic is ProductTopic {
  return (PRODUCT_TOPICS as readonly string[]).includes(topic);
}

/** A products/* body the catalog cannot take; the message names the field (safe to return to the caller). */
export class ProductWebhookError extends WebhookPayloadError {
  override name = 'ProductWebhookError';
  constructor(
    readonly topic: string,
    override readonly field: string,
    problem: string,
  ) {
    super(`${topic} body: ${field} ${problem}`, field);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The GID from admin_graphql_api_id, else built from the exact numeric id; null when neither is usable. */
function gidOf(
  o: Record<string, unknown>,
  type: string,
  gidField = 'admin_graphql_api_id',
  idField = 'id',
): string | null {
  const gid = o[gidField];
  if (gid !== undefined && gid !== null) {
    // A body that names its resource names the right one, or none is taken from it.
    const named = typeof gid === 'string' ? new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(gid)?.[1] : undefined;
    return named !== undefined && isShopifyId(named) ? (gid as string) : null;
  }
  const id = o[idField];
  const digits = isLosslessNumber(id)
    ? id.toString()
    : typeof id === 'string'
      ? id
      : typeof id === 'number' && Number.isSafeInteger(id)
        ? String(id)
        : null;
  return digits && isShopifyId(digits) ? `gid://shopify/${type}/${digits}` : null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function productFromWebhook(topic: string, body: Record<string, unknown>) {
  if (!isObject(body)) throw new ProductWebhookError(topic, 'body', 'is not a JSON object');
  const productId = gidOf(body, 'Product');
  if (!productId)
    throw new ProductWebhookError(topic, 'admin_graphql_api_id', 'is missing (and id is not a numeric product id)');
  const title = str(body.title);
  if (!title) throw new ProductWebhookError(topic, 'title', 'is missing');
  const updatedRaw = str(body.updated_at);
  const updatedAt = updatedRaw ? new Date(updatedRaw) : null;
  if (!updatedAt || Number.isNaN(updatedAt.getTime()))
    throw new ProductWebhookError(topic, 'updated_at', 'is missing or not a timestamp');
  if (!Array.isArray(body.variants))
    throw new ProductWebhookError(topic, 'variants', 'is missing (an array of the product’s variants)');

  const images = Array.isArray(body.images) ? body.images.filter(isObject) : [];
  const imageSrc = new Map<string, string>();
  for (const img of images) {
    const id = isLosslessNumber(img.id) ? img.id.toString() : typeof img.id === 'string' ? img.id : null;
    if (id && str(img.src)) imageSrc.set(id, img.src as string);
  }
  const featured = isObject(body.image) ? str(body.image.src) : images[0] ? str(images[0].src) : null;

  const variants: CatalogVariant[] = body.variants.map((v, i) => {
    if (!isObject(v)) throw new ProductWebhookError(topic, `variants[${i}]`, 'is not an object');
    const variantId = gidOf(v, 'ProductVariant');
    if (!variantId)
      throw new ProductWebhookError(
        topic,
        `variants[${i}].admin_graphql_api_id`,
        'is missing (and id is not a numeric variant id)',
      );
    const item = v.inventory_item_id;
    const itemDigits = isLosslessNumber(item)
      ? item.toString()
      : typeof item === 'string' && /^\d+$/.test(item)
        ? item
        : null;
    const imageId = isLosslessNumber(v.image_id)
      ? v.image_id.toString()
      : typeof v.image_id === 'string'
        ? v.image_id
        : null;
    return {
      variantId,
      sku: str(v.sku),
      barcode: str(v.barcode),
      title: str(v.title),
      imageUrl: imageId ? (imageSrc.get(imageId) ?? null) : null,
      inventoryItemId: itemDigits ? `gid://shopify/InventoryItem/${itemDigits}` : null,
    };
  });
  return { productId, title, updatedAt, imageUrl: featured, variants };
}

/**
 * Apply a products/create or products/update body (from parseWebhookBody).
 * Throws ProductWebhookError for a body without what the catalog needs.
 */
export async function applyProductWebhook(
  pool: Pool,
  shopDomain: string,
  topic: ProductTopic,
  body: Record<string, unknown>,
): Promise<ApplyResult & { productId: string }> {
  if (!isProductTopic(topic))
    throw new ProductWebhookError(String(topic), 'topic', 'is not products/create or products/update');
  const product = productFromWebhook(topic, body);
  const r = await applyProductInTransaction(pool, shopDomain, product);
  return { ...r, productId: product.productId };
}
