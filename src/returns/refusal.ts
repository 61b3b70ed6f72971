/** The failure type of a return Shopify or the order cannot take: POST /returns answers 422 with its message. */
export const RETURN_REFUSED = 'ReturnRefused';
