import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { SailPrimaryIstio } from '../../lib/sail/istio';
import { SailIstioCni } from '../../lib/sail/istio-cni';
import { SailZTunnel } from '../../lib/sail/ztunnel';
import { validateObject } from '../../lib/schema';
import { SAIL_ISTIO_VERSIONS } from '../../lib/names/sail';
import { AMBIENT_MIN_MINOR } from '../../lib/mesh-spec/dataplane';
import { IstioCniSpecVersion } from '../../imports/istiocnis-sailoperator.io';
import { ZTunnelSpecVersion } from '../../imports/ztunnels-sailoperator.io';
import { docs, objectsOf, ROOT } from '../helpers';

const SECTION = 'Multi-Primary - Multi-Network (Ambient Mode)';

function chart(): Chart {
  return new Chart(new App(), 'test', { disableResourceNameHashes: true });
}

/** The Sail doc's ambient examples on one cluster, by kind. */
function docExample(kind: string, cluster: string): any {
  const text = fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/sail/multicluster-doc-examples.yaml'), 'utf8');
  const blocks = text.split(/^---$/m).filter((b) => b.includes(`section: ${SECTION}\n`) && b.includes(`CTX_${cluster.toUpperCase()}`) && new RegExp(`^kind: ${kind}$`, 'm').test(b));
  expect(blocks).toHaveLength(1);
  return docs(blocks[0])[0];
}

describe.each(['cluster1', 'cluster2'])('Sail ambient resources of %s', (cluster) => {
  const network = cluster === 'cluster1' ? 'network1' : 'network2';

  test('GIVEN the version THEN IstioCNI is the Sail doc\'s (namespace istio-cni, profile ambient) plus the version, after its namespace; valid against the IstioCNI CRD', () => {
    const objs = objectsOf(new SailIstioCni(chart(), 'C', { version: '1.30.3', profile: 'ambient' }));
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/istio-cni', 'IstioCNI/default']);
    const want = docExample('IstioCNI', cluster);
    expect(objs[1]).toEqual({ ...want, spec: { ...want.spec, version: 'v1.30.3' } });
    for (const o of objs) expect(validateObject(o)).toEqual([]);
  });

  test('GIVEN cluster name and network THEN ZTunnel is the Sail doc\'s (namespace ztunnel, values.ztunnel multiCluster/network) plus the version; valid against the ZTunnel CRD', () => {
    const objs = objectsOf(new SailZTunnel(chart(), 'Z', { version: '1.30.3', clusterName: cluster, network }));
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/ztunnel', 'ZTunnel/default']);
    const want = docExample('ZTunnel', cluster);
    expect(objs[1]).toEqual({ ...want, spec: { ...want.spec, version: 'v1.30.3' } });
    expect(objs[1].apiVersion).toBe('sailoperator.io/v1');
    expect(objs[1].spec.values.ztunnel).toEqual({ multiCluster: { clusterName: cluster }, network });
    for (const o of objs) expect(validateObject(o)).toEqual([]);
  });

  test('GIVEN ambient THEN Istio is the Sail doc\'s (profile ambient, trustedZtunnelNamespace, AMBIENT_ENABLE_MULTI_NETWORK), valid against the Istio CRD', () => {
    const [obj] = objectsOf(new SailPrimaryIstio(chart(), 'I', {
      version: '1.30.3', meshId: 'mesh1', clusterName: cluster, network, ambient: { ztunnelNamespace: 'ztunnel' },
    }));
    const want = docExample('Istio', cluster);
    expect(obj).toEqual({ ...want, spec: { ...want.spec, version: 'v1.30.3' } });
    expect(obj.spec.profile).toBe('ambient');
    expect(obj.spec.values.pilot).toEqual({ trustedZtunnelNamespace: 'ztunnel', env: { AMBIENT_ENABLE_MULTI_NETWORK: 'true' } });
    expect(validateObject(obj)).toEqual([]);
  });
});

describe('Sail ambient east-west gateway', () => {
  test('GIVEN the Sail doc\'s ambient Gateway THEN it is the one gen-eastwest-gateway.sh --ambient prints (one object for both installers)', () => {
    const want = docExample('Gateway', 'cluster1');
    const script = docs(fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/istio/eastwest-cluster1-ambient.yaml'), 'utf8'))[0];
    expect(want).toEqual(script);
  });
});

describe('Sail versions in ambient mode', () => {
  test('GIVEN every Sail Istio release ambient accepts (1.27 and later) THEN the IstioCNI and ZTunnel CRDs accept it too', () => {
    const ambient = SAIL_ISTIO_VERSIONS.filter((v) => Number(v.split('.')[1]) >= AMBIENT_MIN_MINOR);
    expect(ambient.length).toBeGreaterThan(0);
    const cni = Object.values(IstioCniSpecVersion) as string[];
    const zt = Object.values(ZTunnelSpecVersion) as string[];
    expect(ambient.filter((v) => !cni.includes(`v${v}`) || !zt.includes(`v${v}`))).toEqual([]);
  });
});

describe('SailZTunnel in another control-plane namespace', () => {
  test('GIVEN istioNamespace mesh-system THEN values.ztunnel.istioNamespace tells ztunnel where istiod is; valid against the CRD', () => {
    const [, zt] = objectsOf(new SailZTunnel(chart(), 'Z', { version: '1.30.3', clusterName: 'c1', network: 'n1', istioNamespace: 'mesh-system' }));
    expect(zt.spec.values.ztunnel).toEqual({ multiCluster: { clusterName: 'c1' }, network: 'n1', istioNamespace: 'mesh-system' });
    expect(validateObject(zt)).toEqual([]);
  });
});
