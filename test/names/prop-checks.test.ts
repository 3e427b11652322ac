import { countProblem, dnsLabelProblem, eachProblem, hostAddressProblem, networkProblem, nonEmptyProblem, objectNameProblem, validateProps, ValidatedConstruct } from '../../lib/names/prop-checks';

describe('GIVEN the props checks of the constructs', () => {
  test('THEN good values and absent optional props pass', () => {
    expect([
      dnsLabelProblem('name', 'cluster1'), dnsLabelProblem('name', undefined), objectNameProblem('name', 'cacerts.v1'),
      networkProblem('network', 'Network_2.a'), hostAddressProblem('address', '192.0.2.10'), hostAddressProblem('address', 'gw.example.com'),
      countProblem('replicas', 2), nonEmptyProblem('clusterNames', ['a']),
    ]).toEqual(Array(8).fill(undefined));
  });

  test('fails a network that is not a label value, naming the prop, the value and the fix', () => {
    expect(networkProblem('network', 'Not A Valid Label!!')).toBe(
      'network: "Not A Valid Label!!" is not a valid network name; use letters, digits, \'-\', \'_\' or \'.\', at most 63, starting and ending with a letter or digit (e.g. network1)');
  });

  test('fails bad names, addresses and counts, each with its value', () => {
    expect(dnsLabelProblem('namespace', 'Istio_System')).toMatch(/^namespace: "Istio_System" is not a DNS-1123 label; use /);
    expect(objectNameProblem('name', 'a/b')).toMatch(/^name: "a\/b" is not a valid object name; /);
    expect(hostAddressProblem('remotePilotAddress', '999.1.1.1')).toMatch(/^remotePilotAddress: "999.1.1.1" has octet 999, over 255; give /);
    expect(countProblem('replicas', 0)).toBe('replicas: 0 is not a whole number of at least 1');
    expect(nonEmptyProblem('clusterNames', [])).toBe('clusterNames: is empty; give at least one');
    expect(eachProblem('clusterNames', ['ok', 'Bad'], dnsLabelProblem)).toEqual([undefined, expect.stringMatching(/^clusterNames\[1\]: "Bad"/)]);
  });

  test('THEN validateProps adds one validation reporting the problems', () => {
    const validations: { validate(): string[] }[] = [];
    const c: ValidatedConstruct = { node: { addValidation: (v) => validations.push(v) } };
    validateProps(c, () => [undefined, networkProblem('network', 'a b')]);
    expect(validations).toHaveLength(1);
    expect(validations[0].validate()).toEqual([expect.stringMatching(/^network: "a b" is not a valid network name/)]);
  });
});
