import {
  addressProblem, isDnsHostname, isDnsLabel, isDnsSubdomain, isIpAddress, isLabelValue, parseIp, parseIpv4, parseIpv6,
} from '../../lib/names/dns';

describe('isDnsLabel (IsDNS1123Label)', () => {
  test('GIVEN lowercase names of at most 63 characters THEN they are labels', () => {
    for (const s of ['a', 'cluster1', 'istio-system', '0', 'a'.repeat(63)]) expect(isDnsLabel(s)).toBe(true);
  });

  test('fails on upper case, dots, underscores, edge dashes, empty and 64 characters', () => {
    for (const s of ['Cluster1', 'a.b', 'a_b', '-a', 'a-', '', 'a'.repeat(64)]) expect(isDnsLabel(s)).toBe(false);
  });
});

describe('isDnsSubdomain (IsDNS1123Subdomain)', () => {
  test('GIVEN labels joined by dots THEN it is a subdomain', () => {
    expect(isDnsSubdomain('meshgen-root-ca')).toBe(true);
    expect(isDnsSubdomain('a.b-c.d')).toBe(true);
  });

  test('fails on empty labels, a label ending in a dash, upper case and over 253 characters', () => {
    for (const s of ['a..b', 'a-.b', '.a', 'A.b', `${'a'.repeat(63)}.`.repeat(4) + 'a'.repeat(2)]) expect(isDnsSubdomain(s)).toBe(false);
  });
});

describe('isLabelValue', () => {
  test('GIVEN letters, digits, dashes, underscores and dots THEN it is a label value', () => {
    expect(isLabelValue('Network_1.a')).toBe(true);
    expect(isLabelValue('Network 2')).toBe(false);
    expect(isLabelValue('')).toBe(false);
  });
});

describe('isDnsHostname', () => {
  test('GIVEN load balancer names THEN they are hostnames', () => {
    for (const s of ['a1b2.elb.us-east-1.amazonaws.com', 'gw.Example.COM', 'localhost', '1a.example.org']) expect(isDnsHostname(s)).toBe(true);
  });

  test('fails on names that look like IPv4 addresses (an all-digit last label)', () => {
    for (const s of ['999.999.999.999', '1.2.3', '034.075.071.237', '10']) expect(isDnsHostname(s)).toBe(false);
  });
});

describe('IP addresses', () => {
  test('GIVEN valid IPv4 addresses THEN they parse to their value', () => {
    expect(parseIpv4('34.75.71.237')).toBe(0x224b47edn);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffffn);
    expect(parseIpv4('0.0.0.0')).toBe(0n);
  });

  test('fails on IPv4 with octets over 255, leading zeros, too few or too many parts, or a port', () => {
    for (const s of ['999.999.999.999', '256.1.1.1', '034.075.071.237', '1.2.3', '1.2.3.4.5', '34.75.71.237:15443', '1..2.3', '']) {
      expect(parseIpv4(s)).toBeUndefined();
    }
  });

  test('GIVEN IPv6 in full, compressed and IPv4-tailed forms THEN they parse (RFC 4291 2.2)', () => {
    expect(parseIpv6('2001:db8:0:0:0:0:0:1')).toBe(parseIpv6('2001:db8::1'));
    expect(parseIpv6('::1')).toBe(1n);
    expect(parseIpv6('::')).toBe(0n);
    expect(parseIpv6('fe80::')).toBe(0xfe80n << 112n);
    expect(parseIpv6('::ffff:10.0.0.1')).toBe((0xffffn << 32n) + 0x0a000001n);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toBeDefined();
  });

  test('fails on IPv6 with two "::", nine or more groups, long groups or a bad IPv4 tail', () => {
    for (const s of [':::::', '1::2::3', '1:2:3:4:5:6:7:8:9:10', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::1', '::1.2.3', '1:2:3:4:5:6:7::8', 'g::1']) {
      expect(parseIpv6(s)).toBeUndefined();
    }
  });

  test('GIVEN the unspecified addresses THEN they parse but are not the address of a host', () => {
    expect(parseIp('0.0.0.0')).toEqual({ family: 4, value: 0n });
    expect(isIpAddress('0.0.0.0')).toBe(false);
    expect(isIpAddress('::')).toBe(false);
    expect(isIpAddress('10.0.0.1')).toBe(true);
    expect(isIpAddress('fd00::1')).toBe(true);
  });
});

describe('addressProblem', () => {
  test('GIVEN an IP address or a hostname THEN there is no problem', () => {
    for (const s of ['34.75.71.237', 'fd00::1', '::ffff:10.0.0.1', 'a1b2.elb.us-east-1.amazonaws.com']) expect(addressProblem(s)).toBeUndefined();
  });

  test('fails with the reason for each kind of bad address', () => {
    expect(addressProblem('999.999.999.999')).toBe('has octet 999, over 255');
    expect(addressProblem('1.2.3')).toBe('has 3 numbers, not the 4 of an IPv4 address');
    expect(addressProblem('34.75.71.237:15443')).toBe('has a port (:15443); give the address alone');
    expect(addressProblem('[fd00::1]:15443')).toBe('has a port (:15443); give the address alone');
    expect(addressProblem(':::::')).toMatch(/^is not an IPv6 address/);
    expect(addressProblem('1:2:3:4:5:6:7:8:9:10')).toMatch(/^is not an IPv6 address/);
    expect(addressProblem('034.075.071.237')).toBe('has an octet with a leading zero (034), which tools read as octal; write it without');
    expect(addressProblem('0.0.0.0')).toBe('is the unspecified address 0.0.0.0, not the address of a host');
    expect(addressProblem('::')).toBe('is the unspecified address ::, not the address of a host');
    expect(addressProblem('http://1.2.3.4')).toBe('is neither an IP address nor a DNS hostname');
    expect(addressProblem('')).toBe('is empty');
  });
});
