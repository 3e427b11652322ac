/**
 * The one home of meshgen's name and address checks: DNS-1123 labels and subdomains
 * (Kubernetes' IsDNS1123Label / IsDNS1123Subdomain), label values, DNS hostnames and
 * IP addresses. Every check of a cluster name, namespace, Secret name or gateway
 * address calls these; nothing else in lib/ carries its own regular expression.
 * No imports: `meshgen plan` and `validate` load this without cdk8s.
 */

/** A DNS-1123 label has at most this many characters. */
export const DNS1123_LABEL_MAX = 63;
/** A DNS-1123 subdomain (and a DNS name) has at most this many characters. */
export const DNS1123_SUBDOMAIN_MAX = 253;

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HOST_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** The same checks as JSON Schema patterns (schemas/mesh.schema.json), with maxLength beside them. */
export const DNS1123_LABEL_PATTERN = LABEL.source;
export const DNS1123_SUBDOMAIN_PATTERN = `^${LABEL.source.slice(1, -1)}(\\.${LABEL.source.slice(1, -1)})*$`;
export const LABEL_VALUE_PATTERN = LABEL_VALUE.source;

/**
 * A DNS-1123 label (Kubernetes IsDNS1123Label): at most 63 lowercase letters, digits
 * and '-', starting and ending with a letter or digit. Names of clusters, namespaces,
 * meshes.
 */
export function isDnsLabel(s: string): boolean {
  return s.length <= DNS1123_LABEL_MAX && LABEL.test(s);
}

/**
 * A DNS-1123 subdomain (Kubernetes IsDNS1123Subdomain): DNS-1123 labels joined by
 * '.', at most 253 characters. Names of most Kubernetes objects (Secrets, Issuers).
 */
export function isDnsSubdomain(s: string): boolean {
  return s.length <= DNS1123_SUBDOMAIN_MAX && s.split('.').every((l) => LABEL.test(l));
}

/**
 * A Kubernetes label value (IsValidLabelValue), non-empty: at most 63 letters, digits,
 * '-', '_' or '.', starting and ending with a letter or digit. Network names.
 */
export function isLabelValue(s: string): boolean {
  return s.length <= DNS1123_LABEL_MAX && LABEL_VALUE.test(s);
}

/**
 * A DNS hostname (RFC 1123, case-insensitive): labels of at most 63 letters, digits and
 * '-', at most 253 characters, and a last label that is not all digits (RFC 3696 2),
 * so that a mistyped IPv4 address (`999.999.999.999`, `1.2.3`) is not taken for a name.
 */
export function isDnsHostname(s: string): boolean {
  if (s.length === 0 || s.length > DNS1123_SUBDOMAIN_MAX) return false;
  const labels = s.split('.');
  return labels.every((l) => l.length <= DNS1123_LABEL_MAX && HOST_LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]);
}

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** An IPv4 dotted quad as a number: four decimal octets 0-255 without leading zeros. */
export function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) + BigInt(Number(p)), 0n);
}

/**
 * An IPv6 address (RFC 4291 2.2) as a number: eight groups of 1-4 hex digits, one '::'
 * standing for one or more groups of zeros, and an optional dotted-quad IPv4 tail.
 */
export function parseIpv6(s: string): bigint | undefined {
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string, last: boolean): string[] | undefined => {
    if (h === '') return [];
    const parts = h.split(':');
    if (last && parts[parts.length - 1].includes('.')) {
      const v4 = parseIpv4(parts[parts.length - 1]);
      if (v4 === undefined) return undefined;
      parts.splice(parts.length - 1, 1, (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    }
    return parts.every((p) => /^[0-9a-fA-F]{1,4}$/.test(p)) ? parts : undefined;
  };
  const compressed = halves.length === 2;
  const head = groups(halves[0], !compressed);
  const tail = compressed ? groups(halves[1], true) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (compressed ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array(compressed ? missing : 0).fill('0'), ...tail];
  return all.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/** An IPv4 or IPv6 address and its value. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** Parses one IPv4 or IPv6 address (syntax only: `0.0.0.0` and `::` parse). */
export function parseIp(s: string): IpAddress | undefined {
  const v4 = parseIpv4(s);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(s);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** Whether `s` is the IP address of a host: a valid IPv4 or IPv6 address, not the unspecified 0.0.0.0 or ::. */
export function isIpAddress(s: string): boolean {
  const ip = parseIp(s);
  return ip !== undefined && ip.value !== 0n;
}

/**
 * Why `s` is not the address of a host (an IP address or a DNS hostname), in words
 * for an error line ("has a port", "octet 999 is over 255"), or undefined when it is one.
 */
export function addressProblem(s: string): string | undefined {
  if (isIpAddress(s) || isDnsHostname(s)) return undefined;
  if (s.trim() === '') return 'is empty';
  const port = /^([^:]+):(\d+)$/.exec(s) ?? /^\[(.+)\]:(\d+)$/.exec(s);
  if (port && parseIp(port[1])) return `has a port (:${port[2]}); give the address alone`;
  const ip = parseIp(s);
  if (ip) return `is the unspecified address ${ip.family === 4 ? '0.0.0.0' : '::'}, not the address of a host`;
  if (/^[\d.]+$/.test(s)) {
    const parts = s.split('.');
    if (parts.length !== 4) return `has ${parts.length} number${parts.length === 1 ? '' : 's'}, not the 4 of an IPv4 address`;
    const zero = parts.find((p) => /^0\d/.test(p));
    if (zero !== undefined) return `has an octet with a leading zero (${zero}), which tools read as octal; write it without`;
    const big = parts.find((p) => p !== '' && Number(p) > 255);
    if (big !== undefined) return `has octet ${big}, over 255`;
    return 'is not an IPv4 address';
  }
  if (/^[0-9a-fA-F:.]+$/.test(s) && s.includes(':')) return 'is not an IPv6 address (eight groups of hex digits, or fewer with one "::")';
  return 'is neither an IP address nor a DNS hostname';
}
