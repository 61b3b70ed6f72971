import { describe, expect, it } from 'vitest';
import type { Request } from 'express';
import { createRateLimits, sourceOf, TokenBuckets } from '../../src/api/rate-limit';

const at = (ip: string) => ({ ip, socket: { remoteAddress: ip }, path: '/x' }) as unknown as Request;

describe('per-source token buckets', () => {
  it('lets a burst through, then refills at the set rate, and says how long to wait', () => {
    let now = 0;
    const b = new TokenBuckets(3, 2, 100, () => now);
    expect([b.take('a'), b.take('a'), b.take('a')]).toEqual([0, 0, 0]);
    expect(b.take('a')).toBeCloseTo(0.5); // 2 per second: half a second to the next token
    expect(b.take('b')).toBe(0); // another source has its own bucket
    now = 500;
    expect(b.take('a')).toBe(0);
    expect(b.take('a')).toBeGreaterThan(0);
    now = 60_000;
    expect(b.available('a')).toBe(3); // never more than the burst
  });

  it('remembers at most maxSources: full buckets are forgotten first, then the least recently seen', () => {
    let now = 0;
    const b = new TokenBuckets(2, 1, 3, () => now);
    b.take('old');
    b.take('old');
    b.take('busy');
    b.take('busy');
    b.take('idle');
    now = 5000; // 'idle' and the others have refilled by now
    b.take('busy');
    b.take('busy');
    b.take('new');
    expect(b.size).toBeLessThanOrEqual(3);
    expect(b.available('busy')).toBe(0); // the one still spent is kept
    for (let i = 0; i < 1000; i++) b.take(`flood-${i}`);
    expect(b.size).toBe(3);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(sourceOf(at('2001:db8:1:2:aaaa::1'))).toBe('2001:db8:1:2::/64');
    expect(sourceOf(at('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'))).toBe('2001:db8:1:2::/64');
    expect(sourceOf(at('::1'))).toBe('0:0:0:0::/64');
    expect(sourceOf(at('::ffff:10.1.2.3'))).toBe('10.1.2.3');
    expect(sourceOf(at('192.0.2.7'))).toBe('192.0.2.7');
  });

  it('failed authentications: a burst of failures, then 429 before any check; concurrent checks count as failures until they succeed', () => {
    const limits = createRateLimits({ authFailureBurst: 3, authFailuresPerMinute: 1 });
    const req = at('198.51.100.1');
    for (let i = 0; i < 3; i++) limits.authAttempt(req)(false);
    expect(() => limits.authAttempt(req)).toThrow(
      expect.objectContaining({
        status: 429,
        message: expect.stringMatching(/^Too many failed authentications/),
        retryAfterSeconds: 60,
      }),
    );
    const other = at('198.51.100.2');
    const pending = [limits.authAttempt(other), limits.authAttempt(other), limits.authAttempt(other)];
    expect(() => limits.authAttempt(other)).toThrow(
      expect.objectContaining({ status: 429, message: expect.stringMatching(/^Too many authentications at once/) }),
    );
    for (const done of pending) done(true);
    expect(() => limits.authAttempt(other)(true)).not.toThrow(); // successes spend nothing
  });

  it("requests: 429 with the wait once a surface's burst is spent; 0 per second turns the limit off", () => {
    const limits = createRateLimits({ perSecond: 1, burst: 2 });
    const outcomes: unknown[] = [];
    for (let i = 0; i < 3; i++)
      limits.requests('ops')(at('203.0.113.9'), {} as never, (err?: unknown) => outcomes.push(err));
    expect(outcomes.slice(0, 2)).toEqual([undefined, undefined]);
    expect(outcomes[2]).toMatchObject({ status: 429, retryAfterSeconds: 1 });
    const off = createRateLimits({ perSecond: 0, burst: 1 });
    const none: unknown[] = [];
    for (let i = 0; i < 10; i++) off.requests('ops')(at('203.0.113.9'), {} as never, (err?: unknown) => none.push(err));
    expect(none.every((e) => e === undefined)).toBe(true);
  });
});
