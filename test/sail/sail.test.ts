import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { IstioSpecVersion } from '../../imports/sailoperator.io';
import { renderMesh } from '../../lib/synth/render-mesh';
import { SailEastWestGateway } from '../../lib/sail/east-west-gateway';
import { SailPrimaryIstio, SailRemoteIstio } from '../../lib/sail/istio';
import { SAIL_ISTIO_VERSIONS } from '../../lib/names/sail';
import { validateObject } from '../../lib/schema';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { docs, meshInput, objectsOf, ROOT, upstream } from '../helpers';

function chart(): Chart {
  return new Chart(new App(), 'test', { disableResourceNameHashes: true });
}

/** Drops nulls and the empty mappings they leave, as Kubernetes reads them. */
function normalize(v: any): any {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    const out: any = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null) continue;
      const n = normalize(x);
      if (n && typeof n === 'object' && !Array.isArray(n) && Object.keys(n).length === 0) continue;
      out[k] = n;
    }
    return out;
  }
  return v;
}

/** The Sail doc examples of one section ("Primary-Remote - Multi-Network" ...), by cluster. */
function docExample(section: string, cluster: string): any {
  const text = fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/sail/multicluster-doc-examples.yaml'), 'utf8');
  const blocks = text.split(/^---$/m).filter((b) => b.includes(`# [`) && b.includes(`section: ${section}\n`) && b.includes(`# command: kubectl apply --context "\${CTX_${cluster.toUpperCase()}}"`));
  expect(blocks).toHaveLength(1);
  const obj = docs(blocks[0])[0];
  obj.spec.version = 'v1.30.3';
  return obj;
}

describe('SAIL_ISTIO_VERSIONS', () => {
  test('GIVEN the generated Sail import THEN the list is exactly the CRD enum without -latest aliases', () => {
    const fromCrd = Object.values(IstioSpecVersion).filter((v) => /^v\d+\.\d+\.\d+$/.test(v)).map((v) => v.slice(1));
    expect([...SAIL_ISTIO_VERSIONS]).toEqual(fromCrd);
  });
});

describe('SailPrimaryIstio', () => {
  test('GIVEN a primary without remotes THEN it is the Sail doc\'s multi-primary multi-network Istio, valid against the Sail CRD', () => {
    const c = chart();
    const istio = new SailPrimaryIstio(c, 'I', { version: '1.30.3', meshId: 'mesh1', clusterName: 'cluster2', network: 'network2' });
    const [obj] = objectsOf(istio);
    expect(validateObject(obj)).toEqual([]);
    expect(obj).toEqual(docExample('Multi-Primary - Multi-Network', 'cluster2'));
    expect(obj.metadata.name).toBe('default');
    expect(obj.spec.values.pilot).toBeUndefined();
  });

  test('GIVEN a primary with remotes THEN values.pilot.env.EXTERNAL_ISTIOD is "true" as in the Sail doc\'s primary-remote example', () => {
    const c = chart();
    const [obj] = objectsOf(new SailPrimaryIstio(c, 'I', { version: '1.30.3', meshId: 'mesh1', clusterName: 'cluster1', network: 'network1', externalIstiod: true }));
    expect(validateObject(obj)).toEqual([]);
    expect(obj).toEqual(docExample('Primary-Remote - Multi-Network', 'cluster1'));
    expect(obj.spec.values.pilot.env.EXTERNAL_ISTIOD).toBe('true');
  });

  test('fails on a version the Sail CRD does not accept', () => {
    expect(() => new SailPrimaryIstio(chart(), 'I', { version: '1.19.0', meshId: 'm', clusterName: 'c', network: 'n' }))
      .toThrow(/version "1.19.0" is not one the Sail operator CRD accepts/);
  });
});

describe('SailRemoteIstio', () => {
  test('GIVEN a remote THEN profile remote, injectionPath and remotePilotAddress, valid against the Sail CRD', () => {
    const [obj] = objectsOf(new SailRemoteIstio(chart(), 'I', { version: '1.30.3', clusterName: 'cluster2', network: 'network2', remotePilotAddress: '34.75.71.237' }));
    expect(validateObject(obj)).toEqual([]);
    const doc = docExample('Primary-Remote - Multi-Network', 'cluster2');
    // the doc's example names the cluster "remote" in the path and reads the address with kubectl
    doc.spec.values.istiodRemote.injectionPath = '/inject/cluster/cluster2/net/network2';
    doc.spec.values.global.remotePilotAddress = '34.75.71.237';
    expect(obj).toEqual(doc);
    expect(obj.spec.profile).toBe('remote');
  });

  test('fails without a remotePilotAddress', () => {
    expect(() => new SailRemoteIstio(chart(), 'I', { version: '1.30.3', clusterName: 'c2', network: 'n2', remotePilotAddress: '' }))
      .toThrow('SailRemoteIstio c2: remotePilotAddress is required');
  });
});

describe('SailEastWestGateway', () => {
  test.each(['network1', 'network2'])('GIVEN %s THEN the objects equal Sail\'s east-west-gateway-net sample object by object, and are valid', (network) => {
    const objects = objectsOf(new SailEastWestGateway(chart(), 'G', { network }));
    const sample = upstream(`sail/east-west-gateway-net${network.slice(-1)}.yaml`);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(sample.map((o) => `${o.kind}/${o.metadata.name}`));
    objects.forEach((o, i) => {
      expect(normalize(o)).toEqual(normalize(sample[i]));
      expect(validateObject(o)).toEqual([]);
    });
  });

  test('GIVEN network1 THEN the facts that matter: injection template, network labels, REQUESTED_NETWORK_VIEW, four LoadBalancer ports', () => {
    const g = new SailEastWestGateway(chart(), 'G', { network: 'network1', namespace: 'istio-mesh' });
    const dep = g.deployment.toJson();
    expect(dep.metadata.namespace).toBe('istio-mesh');
    expect(dep.spec.template.metadata.annotations['inject.istio.io/templates']).toBe('gateway');
    expect(dep.spec.template.metadata.labels['topology.istio.io/network']).toBe('network1');
    expect(dep.spec.template.spec.containers[0].env).toContainEqual({ name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: 'network1' });
    const svc = g.service.toJson();
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.ports.map((p: any) => [p.name, p.port])).toEqual([['status-port', 15021], ['tls', 15443], ['tls-istiod', 15012], ['tls-webhook', 15017]]);
    expect(svc.spec.selector).toEqual({ app: 'istio-eastwestgateway', istio: 'eastwestgateway', 'topology.istio.io/network': 'network1' });
  });
});

describe('sail bundles', () => {
  const seed = () => {
    const input = meshInput([
      { name: 'cluster1', network: 'network1', role: 'primary' },
      { name: 'cluster2', network: 'network2', role: 'primary' },
    ]);
    input.spec.istio = { installer: 'sail' };
    return validateMeshSpec(input);
  };

  test('GIVEN the seed\'s multi-primary mesh with sail THEN no istioctl/ files, everything is in the kustomization', () => {
    const { files } = renderMesh(seed());
    expect([...files.keys()].filter((f) => f.includes('istioctl/'))).toEqual([]);
    for (const c of ['cluster1', 'cluster2']) {
      const kustomization = docs(files.get(`${c}/kustomization.yaml`)!)[0];
      expect(kustomization.resources).toEqual(['namespace.yaml', 'istio.yaml', 'eastwest-gateway.yaml', 'expose-services.yaml', 'remote-secret-reader.yaml']);
      const [istio] = docs(files.get(`${c}/istio.yaml`)!);
      expect(validateObject(istio)).toEqual([]);
      expect(istio.spec.values.global).toEqual({ meshID: 'mesh1', multiCluster: { clusterName: c }, network: `network${c.slice(-1)}` });
      for (const o of docs(files.get(`${c}/eastwest-gateway.yaml`)!)) expect(validateObject(o)).toEqual([]);
    }
  });

  test('GIVEN a sail remote whose primary has no address THEN its istio.yaml is not written', () => {
    const input = meshInput([
      { name: 'cluster1', network: 'network1', role: 'primary' },
      { name: 'cluster2', network: 'network2', role: 'remote', primary: 'cluster1' },
    ]);
    input.spec.istio = { installer: 'sail' };
    const { files, plan } = renderMesh(validateMeshSpec(input));
    expect(files.has('cluster2/istio.yaml')).toBe(false);
    expect(docs(files.get('cluster2/kustomization.yaml')!)[0].resources).not.toContain('istio.yaml');
    expect(plan.missingAddresses.map((m) => m.remote)).toEqual(['cluster2']);
  });
});
