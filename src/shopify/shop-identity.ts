import * as D from './documents';
import type { ShopifyAdmin } from './client';

/**
 * The shop's myshopify domain: the setting itself when it is one, else asked
 * of the Admin API (a base URL such as the simulator's).
 */
export async function resolveShopDomain(shopify: ShopifyAdmin, shopSetting: string): Promise<string> {
  if (/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i.test(shopSetting)) return shopSetting.toLowerCase();
  const data = await shopify.request('ShopIdentity', D.SHOP_IDENTITY);
  return data.shop.myshopifyDomain;
}
