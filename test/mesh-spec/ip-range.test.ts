import { parseIpRange, rangesOverlap } from '../../lib/mesh-spec/ip-range';

describe('parseIpRange', () => {
  test.each([
    ['172.18.255.200-172.18.255.250', 4, 0xac12ffc8n, 0xac12fffan],
    ['192.168.10.0/24', 4, 0xc0a80a00n, 0xc0a80affn],
    ['192.168.10.7/32', 4, 0xc0a80a07n, 0xc0a80a07n],
    ['fc00:f853:ccd:e799::/124', 6, 0xfc00f8530ccde7990000000000000000n, 0xfc00f8530ccde799000000000000000fn],
    ['::1-::ff', 6, 1n, 255n],
  ])('GIVEN %s THEN IPv%d %s..%s', (text, family, first, last) => {
    expect(parseIpRange(text as string)).toEqual({ family, first, last });
  });

  test.each(['172.18.255.250-172.18.255.200', '10.0.0.1', '10.0.0.0/33', '10.0.0.1-::2', '1:2:3', '1::2::3', 'a.b.c.d/8'])('fails on %s', (text) => {
    expect(parseIpRange(text)).toBeUndefined();
  });

  test('THEN touching ranges do not overlap, shared ends do, families never do', () => {
    const r = (s: string) => parseIpRange(s)!;
    expect(rangesOverlap(r('10.0.0.0/25'), r('10.0.0.128/25'))).toBe(false);
    expect(rangesOverlap(r('10.0.0.0-10.0.0.128'), r('10.0.0.128/25'))).toBe(true);
    expect(rangesOverlap(r('0.0.0.0/0'), r('::/0'))).toBe(false);
  });
});
