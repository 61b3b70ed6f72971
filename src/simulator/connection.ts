/** Cursor pagination over an in-memory list, shaped like Shopify's connections. */
export function connection<T>(
  items: T[],
  args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null } = {},
) {
  const start = args.after ? Number(Buffer.from(args.after, 'base64').toString('utf8').split(':')[1]) + 1 : 0;
  const size = args.first ?? args.last ?? items.length;
  const page = items.slice(start, start + size);
  const cursor = (i: number) => Buffer.from(`cursor:${start + i}`).toString('base64');
  return {
    nodes: page,
    edges: page.map((node, i) => ({ cursor: cursor(i), node })),
    pageInfo: {
      hasNextPage: start + page.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? cursor(0) : null,
      endCursor: page.length ? cursor(page.length - 1) : null,
    },
  };
}
