import { renderMesh } from '../../lib/synth/render-mesh';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { eastWestGatewayPin, METALLB_ADDRESSES_ANNOTATION, serviceAddressPin } from '../../lib/metallb/service-pin';
import { docs, meshInput, SEED_CLUSTERS } from '../helpers';

describe('serviceAddressPin', () => {
  test('GIVEN MetalLB 0.13+ THEN the annotation; GIVEN the legacy ConfigMap THEN spec.loadBalancerIP', () => {
    expect(serviceAddressPin('172.18.255.200', 'annotation')).toEqual({ annotations: { 'metallb.universe.tf/loadBalancerIPs': '172.18.255.200' } });
    expect(serviceAddressPin('172.18.255.200', 'loadBalancerIP')).toEqual({ loadBalancerIP: '172.18.255.200' });
  });

  test('GIVEN no MetalLB, no address or a hostname THEN nothing is pinned', () => {
    expect(serviceAddressPin('172.18.255.200', undefined)).toEqual({});
    expect(serviceAddressPin(undefined, 'annotation')).toEqual({});
    expect(serviceAddressPin('gw.example.com', 'annotation')).toEqual({});
    expect(eastWestGatewayPin({ eastWestGatewayAddress: '10.0.0.1' })).toEqual({});
    // outside the pool MetalLB could not hand it out: not pinned (the plan's address check stops instead)
    expect(eastWestGatewayPin({ eastWestGatewayAddress: '10.0.0.1', metallb: { addresses: ['172.18.255.200-172.18.255.250'], dockerNetwork: 'kind', legacyConfigMap: false } })).toEqual({});
    expect(eastWestGatewayPin({ eastWestGatewayAddress: '172.18.255.201', metallb: { addresses: ['172.18.255.192/27'], dockerNetwork: 'kind', legacyConfigMap: false } }))
      .toEqual({ annotations: { [METALLB_ADDRESSES_ANNOTATION]: '172.18.255.201' } });
  });
});

describe('the east-west gateway on MetalLB with an address in the spec', () => {
  const render = (installer: 'istioctl' | 'sail' | 'helm', legacyConfigMap = false) => {
    const input = meshInput(SEED_CLUSTERS);
    input.spec.istio = { installer };
    input.spec.clusters[0].eastWestGateway = { address: '172.18.255.200' };
    input.spec.clusters[0].loadBalancer = { metallb: { addresses: ['172.18.255.200-172.18.255.225'], legacyConfigMap } };
    input.spec.clusters[1].loadBalancer = { metallb: { addresses: ['172.18.255.226-172.18.255.250'] } };
    return renderMesh(validateMeshSpec(input)).files;
  };

  test('GIVEN istioctl THEN the IstioOperator gives the gateway Service the annotation (or loadBalancerIP), and the cluster without an address gets neither', () => {
    const k8s = (files: Map<string, string>, c: string) => docs(files.get(`${c}/istioctl/eastwest-gateway.yaml`)!)[0].spec.components.ingressGateways[0].k8s;
    expect(k8s(render('istioctl'), 'cluster1').serviceAnnotations).toEqual({ [METALLB_ADDRESSES_ANNOTATION]: '172.18.255.200' });
    expect(k8s(render('istioctl'), 'cluster1').service.loadBalancerIP).toBeUndefined();
    expect(k8s(render('istioctl', true), 'cluster1').service.loadBalancerIP).toBe('172.18.255.200');
    expect(k8s(render('istioctl', true), 'cluster1').serviceAnnotations).toBeUndefined();
    expect(k8s(render('istioctl'), 'cluster2').serviceAnnotations).toBeUndefined();
  });

  test('GIVEN sail THEN the gateway Service carries the pin', () => {
    const service = (files: Map<string, string>) => docs(files.get('cluster1/eastwest-gateway.yaml')!).find((d) => d.kind === 'Service');
    expect(service(render('sail')).metadata.annotations).toEqual({ [METALLB_ADDRESSES_ANNOTATION]: '172.18.255.200' });
    expect(service(render('sail', true)).spec.loadBalancerIP).toBe('172.18.255.200');
  });

  test('GIVEN helm THEN the istio/gateway values carry the pin', () => {
    const values = (files: Map<string, string>) => docs(files.get('cluster1/helm/eastwest-gateway.values.yaml')!)[0].service;
    expect(values(render('helm')).annotations).toEqual({ [METALLB_ADDRESSES_ANNOTATION]: '172.18.255.200' });
    expect(values(render('helm', true)).loadBalancerIP).toBe('172.18.255.200');
  });
});
