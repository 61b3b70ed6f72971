/**
 * The carrier of an 856 as Shopify wants it: TD503 is the carrier's SCAC
 * (when TD502 = 2), TD505 the routing / service ("UPS GROUND"). A SCAC we know
 * becomes the company name Shopify recognises plus a tracking URL; any other
 * carrier keeps its TD505 text (or its SCAC) and no URL.
 */
import type { Carrier } from './ship-notice-856';

interface KnownCarrier {
  /** Shopify's tracking company name. */
  company: string;
  url: (trackingNumber: string) => string;
}

const ups: KnownCarrier = { company: 'UPS', url: (n) => `https://www.ups.com/track?tracknum=${encodeURIComponent(n)}` };
const fedex: KnownCarrier = {
  company: 'FedEx',
  url: (n) => `https://www.fedex.com/fedextrack/?trknbr=${encodeURIComponent(n)}`,
};
const usps: KnownCarrier = {
  company: 'USPS',
  url: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${encodeURIComponent(n)}`,
};

/** SCACs (Standard Carrier Alpha Codes) of parcel carriers drop-ship vendors use. */
export const KNOWN_CARRIERS: Record<string, KnownCarrier> = {
  UPSN: ups, // UPS (parcel)
  UPSS: ups,
  FDEG: fedex, // FedEx Ground
  FDEN: fedex, // FedEx Express
  FDE: fedex,
  FXFE: fedex, // FedEx Freight
  USPS: usps,
};

export interface ShipmentCarrier {
  /** What Shopify's trackingInfo.company gets. */
  company: string | null;
  /** TD505 routing, e.g. "UPS GROUND" (the service). */
  service: string | null;
  /** The SCAC as sent. */
  scac: string | null;
  /** A tracking URL for this number, for known carriers. */
  urlFor: (trackingNumber: string) => string | null;
}

export function shipmentCarrier(carrier: Carrier | null): ShipmentCarrier {
  const scac = carrier?.scac?.toUpperCase() ?? null;
  const known = scac ? KNOWN_CARRIERS[scac] : undefined;
  return {
    company: known?.company ?? carrier?.name ?? carrier?.scac ?? null,
    service: carrier?.name ?? null,
    scac,
    urlFor: (n) => (known && n ? known.url(n) : null),
  };
}
