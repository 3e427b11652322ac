import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { MetalLbAddressPool, MetalLbLegacyConfig } from '../../lib/metallb/address-pool';
import { validateObject } from '../../lib/schema';
import { upstream } from '../helpers';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

describe('MetalLbAddressPool', () => {
  const objects = () => synth((c) => new MetalLbAddressPool(c, 'lb', { addresses: ['172.18.255.200-172.18.255.250', 'fc00:f853:ccd:e799::/124'] }));

  test('THEN an IPAddressPool and the L2Advertisement that selects it by name, in metallb-system', () => {
    const [pool, adv] = objects();
    expect([pool.apiVersion, pool.kind, pool.metadata]).toEqual(['metallb.io/v1beta1', 'IPAddressPool', { name: 'default', namespace: 'metallb-system' }]);
    expect(pool.spec).toEqual({ addresses: ['172.18.255.200-172.18.255.250', 'fc00:f853:ccd:e799::/124'] });
    expect([adv.apiVersion, adv.kind, adv.metadata]).toEqual(['metallb.io/v1beta1', 'L2Advertisement', { name: 'default', namespace: 'metallb-system' }]);
    expect(adv.spec).toEqual({ ipAddressPools: ['default'] });
  });

  test('THEN it has the shape of MetalLB\'s configsamples (simple_pool_adv_l2.yaml, l2adv_selects_pools_by_list.yaml)', () => {
    const [pool, adv] = objects();
    const [theirPool, theirEmptyAdv] = upstream('metallb/simple_pool_adv_l2.yaml');
    const [theirAdv] = upstream('metallb/l2adv_selects_pools_by_list.yaml');
    expect(Object.keys(pool).sort()).toEqual(Object.keys(theirPool).sort());
    expect(Object.keys(pool.spec)).toEqual(Object.keys(theirPool.spec));
    expect(pool.metadata.namespace).toBe(theirPool.metadata.namespace);
    expect([adv.apiVersion, adv.kind]).toEqual([theirEmptyAdv.apiVersion, theirEmptyAdv.kind]);
    expect(Object.keys(adv.spec)).toEqual(Object.keys(theirAdv.spec));
  });

  test('THEN both validate against the vendored MetalLB CRDs', () => {
    for (const o of objects()) expect(validateObject(o)).toEqual([]);
  });

  test('fails to build without addresses', () => {
    expect(() => synth((c) => new MetalLbAddressPool(c, 'lb', { addresses: [] }))).toThrow(/addresses is empty/);
  });
});

describe('MetalLbLegacyConfig', () => {
  test('THEN the Kiali tutorial\'s metallb-system/config ConfigMap with one layer2 pool', () => {
    const [cm] = synth((c) => new MetalLbLegacyConfig(c, 'lb', { addresses: ['192.168.49.20-192.168.49.29'] }));
    expect([cm.apiVersion, cm.kind, cm.metadata]).toEqual(['v1', 'ConfigMap', { name: 'config', namespace: 'metallb-system' }]);
    expect(YAML.parse(cm.data.config)).toEqual({ 'address-pools': [{ name: 'default', protocol: 'layer2', addresses: ['192.168.49.20-192.168.49.29'] }] });
    expect(validateObject(cm)).toEqual([]);
  });
});

describe('GIVEN a MetalLbAddressPool with an address that is not a range', () => {
  test('fails at synth, naming the entry and the two forms MetalLB takes', () => {
    const chart = new Chart(new App(), 'cluster1');
    new MetalLbAddressPool(chart, 'Pool', { addresses: ['192.0.2.240/28', '192.0.2.300-192.0.2.310'] });
    expect(() => chart.toJson()).toThrow(/\[cluster1\/Pool\] addresses\[1\]: "192.0.2.300-192.0.2.310" is not an address range; give a CIDR or first-last/);
  });
});
