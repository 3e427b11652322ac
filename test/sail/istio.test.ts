import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { SailPrimaryIstio, SailRemoteIstio } from '../../lib/sail/istio';
import { validateObject } from '../../lib/schema';
import { docs, objectsOf, ROOT } from '../helpers';

function chart(): Chart {
  return new Chart(new App(), 'test', { disableResourceNameHashes: true });
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
