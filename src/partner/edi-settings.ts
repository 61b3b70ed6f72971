import path from 'node:path';
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
  isaId: z
    .string()
    .min(1)
    .max(15)
    .regex(/^[^*~>^|:\s][^*~>^|:]*$/, 'at most 15 characters, no separators'),
  gsApplicationCode: z
    .string()
    .min(2)
    .max(15)
    .regex(/^[^*~>^|:\s]+$/, '2-15 characters, no separators or spaces'),
  tracking: z.enum(['REF_CN', 'MAN_CP', 'MAN_GM_REF_2I']).default('REF_CN'),
  hierarchy: z.enum(['SOPI', 'SOI', 'SOIP', 'OSPI', 'OSI']).default('SOPI'),
  allowPartialAcceptance: z.boolean().default(false),
  /** Backordered units (855 ACK IB) stay with the vendor, which ships them later, instead of being routed elsewhere (and taken away with an 860). */
  keepBackorders: z.boolean().default(false),
  usageIndicator: z.enum(['P', 'T']).default('P'),
  /** How long a cancelled order waits for the vendor's 865 to our 860 before the cancel counts as done. */
  cancelAnswerWindowSeconds: z
    .number()
    .int()
    .positive()
    .default(4 * 3600),
  /** How long the vendor has to send its 997 for our 850 before the order asks a person. */
  functionalAckWindowSeconds: z.number().int().positive().default(3600),
  /** An interchange with ISA15 = T: `acknowledge` (997/TA1 sent, never acted on) or `apply` (acted on like production). */
  testInterchanges: z.enum(['acknowledge', 'apply']).default('acknowledge'),
});
export type EdiSettings = z.infer<typeof ediSettings>;
/** As written in a seed file (defaults not applied yet). */
export type EdiSettingsInput = z.input<typeof ediSettings>;

const folderPath = (example: string) =>
  z
    .string({ error: `a folder path such as ${example}` })
    .min(1, `a folder path such as ${example}`)
    .refine((p) => !p.includes('\0'), 'a folder path without NUL characters');
/** Where the vendor drops files for us (read by src/partner/edi-folder.ts), whatever way our documents reach it. */
const inboundFolder = folderPath('/edi/acme/in-from-vendor').optional();
const AN_URL = 'a URL such as https://edi.acme.example/inbound';
const sameFolder = (a: string, b: string) => path.resolve(a) === path.resolve(b);

/**
 * How documents reach the partner: an HTTP POST of the raw document, or a file
 * in a drop folder; and, optionally, the `inbound` folder the vendor drops its
 * own files in (picked up instead of, or as well as, POST /partners/{id}/edi).
 */
export const transportSettings = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('http'), url: z.string({ error: AN_URL }).url(AN_URL), inbound: inboundFolder }),
    z
      .object({ kind: z.literal('folder'), path: folderPath('/edi/acme/out-to-vendor'), inbound: inboundFolder })
      .refine((t) => t.inbound === undefined || !sameFolder(t.inbound, t.path), {
        message: 'inbound must be a different folder from path (our own 850s, 860s and 997s are written to path)',
        path: ['inbound'],
      }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'kind must be "http" (with url) or "folder" (with path)' : undefined,
  },
);
export type TransportSettings = z.infer<typeof transportSettings>;

export function ediProfile(s: EdiSettings): PartnerEdiProfile {
  return {
    identity: { isaQualifier: s.isaQualifier, isaId: s.isaId, gsApplicationCode: s.gsApplicationCode },
    tracking: s.tracking,
    hierarchy: s.hierarchy,
    allowPartialAcceptance: s.allowPartialAcceptance,
    keepBackorders: s.keepBackorders,
    usageIndicator: s.usageIndicator,
  };
}
