import { z } from 'zod';
import type { PartnerEdiProfile } from '../edi';

/**
 * A drop-ship vendor's EDI settings, as the seed file and the `partners.edi`
 * column hold them: its envelope identity (ISA qualifier/ID, GS application
 * code; version 004010), and where it differs from other vendors (where the
 * tracking number sits in its 856, its HL nesting, whether it may accept part
 * of a PO).
 */
export const ediSettings = z.object({
  isaQualifier: z.string().regex(/^[0-9A-Z]{2}$/, 'a 2-character ISA qualifier such as ZZ, 01, 12'),
  isaId: z.string().min(1).max(15).regex(/^[^*~>^|:\s][^*~>^|:]*$/, 'at most 15 characters, no separators'),
  gsApplicationCode: z.string().min(2).max(15).regex(/^[^*~>^|:\s]+$/, '2-15 characters, no separators or spaces'),
  tracking: z.enum(['REF_CN', 'MAN_CP', 'MAN_GM_REF_2I']).default('REF_CN'),
  hierarchy: z.enum(['SOPI', 'SOI', 'SOIP', 'OSPI', 'OSI']).default('SOPI'),
  allowPartialAcceptance: z.boolean().default(false),
  usageIndicator: z.enum(['P', 'T']).default('P'),
});
export type EdiSettings = z.infer<typeof ediSettings>;

/** How documents reach the partner: an HTTP POST of the raw document, or a file in a drop folder. */
export const transportSettings = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('http'), url: z.string().url() }),
  z.object({ kind: z.literal('folder'), path: z.string().min(1) }),
]);
export type TransportSettings = z.infer<typeof transportSettings>;

export function ediProfile(s: EdiSettings): PartnerEdiProfile {
  return {
    identity: { isaQualifier: s.isaQualifier, isaId: s.isaId, gsApplicationCode: s.gsApplicationCode },
    tracking: s.tracking,
    hierarchy: s.hierarchy,
    allowPartialAcceptance: s.allowPartialAcceptance,
    usageIndicator: s.usageIndicator,
  };
}
