import { parseIp } from '../names/dns';

/** An inclusive range of addresses of one family, as big integers. */
export interface IpRange {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

/**
 * Parses a MetalLB address entry: a CIDR (`192.168.10.0/24`) or a range
 * (`172.18.255.200-172.18.255.250`). Returns undefined when it is neither.
 */
export function parseIpRange(text: string): IpRange | undefined {
  const s = text.trim();
  const dash = s.indexOf('-');
  if (dash >= 0) {
    const a = parseIp(s.slice(0, dash).trim());
    const b = parseIp(s.slice(dash + 1).trim());
    if (!a || !b || a.family !== b.family || a.value > b.value) return undefined;
    return { family: a.family, first: a.value, last: b.value };
  }
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(s.slice(0, slash));
  const lenText = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(lenText)) return undefined;
  const bits = ip.family === 4 ? 32 : 128;
  const len = Number(lenText);
  if (len > bits) return undefined;
  const hostBits = BigInt(bits - len);
  const first = (ip.value >> hostBits) << hostBits;
  return { family: ip.family, first, last: first + (1n << hostBits) - 1n };
}

/** Whether two ranges share an address. */
export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}
