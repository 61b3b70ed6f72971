import type { z } from 'zod';
import { HttpError, type ErrorDetail } from './errors';

/** A request body against its schema: the parsed value, or a 400 listing every problem with its field path. */
export function validBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const details: ErrorDetail[] = r.error.issues.map((i) => ({
    field: i.path.map(String).join('.') || '(body)',
    problem: i.message,
  }));
  throw new HttpError(400, `Invalid body: ${details.map((x) => `${x.field}: ${x.problem}`).join('; ')}`, details);
}
