import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';

/** Small helpers the control API routes share. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success)
    throw new ControlError(400, r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

/** A JSON route: the handler's return value is the body ({ok:true} when it returns nothing). */
export const route =
  (fn: (req: Request, res: Response) => unknown) => (req: Request, res: Response, next: NextFunction) => {
    try {
      const out = fn(req, res);
      if (!res.headersSent) res.json(out ?? { ok: true });
    } catch (err) {
      next(err);
    }
  };

export function controlErrors(err: unknown, _req: Request, res: Response, _next: NextFunction) {
  const status = err instanceof ControlError ? err.status : 500;
  res.status(status).json({ error: err instanceof Error ? err.message : String(err) });
}
