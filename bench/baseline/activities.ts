/** Does nothing: the baseline's activity. */
export async function noop(i: number): Promise<number> {
  return i;
}
