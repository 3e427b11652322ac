import { App, Chart } from 'cdk8s';
import { READER_SERVICE_ACCOUNT, readerTokenSecretName, RemoteSecretReader } from '../../lib/istio/remote-secret-reader';
import { planMesh } from '../../lib/plan/planner';
import { renderMesh } from '../../lib/synth/render-mesh';
import { validateObject } from '../../lib/schema';
import { docs, mesh, SEED_CLUSTERS, THREE_CLUSTERS } from '../helpers';

/** Three clusters on two networks, every one a primary. */
const MULTI_PRIMARY_3 = [
  { name: 'cluster1', network: 'network1', role: 'primary' as const, address: '10.0.0.1' },
  { name: 'cluster2', network: 'network1', role: 'primary' as const, address: '10.0.0.2' },
  { name: 'cluster3', network: 'network2', role: 'primary' as const, address: '10.0.0.3' },
];

describe('RemoteSecretReader', () => {
  test('GIVEN defaults THEN it is the empty token request istioctl creates for the reader ServiceAccount, and it validates', () => {
    const chart = new Chart(new App(), 'test');
    new RemoteSecretReader(chart, 'reader');
    const objects = chart.toJson();
    expect(objects).toEqual([{
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'istio-reader-service-account-istio-remote-secret-token',
        namespace: 'istio-system',
        annotations: { 'kubernetes.io/service-account.name': 'istio-reader-service-account' },
      },
      type: 'kubernetes.io/service-account-token',
    }]);
    expect(objects[0].data).toBeUndefined();
    expect(objects[0].stringData).toBeUndefined();
    expect(validateObject(objects[0])).toEqual([]);
  });

  test('GIVEN a namespace and a service account THEN the name follows istioctl\'s tokenSecretName', () => {
    const chart = new Chart(new App(), 'test');
    new RemoteSecretReader(chart, 'reader', { namespace: 'istio-cp', serviceAccount: 'my-reader' });
    const [o] = chart.toJson();
    expect(o.metadata).toEqual({ name: 'my-reader-istio-remote-secret-token', namespace: 'istio-cp', annotations: { 'kubernetes.io/service-account.name': 'my-reader' } });
    expect(readerTokenSecretName()).toBe(`${READER_SERVICE_ACCOUNT}-istio-remote-secret-token`);
  });
});

describe('remote-secret-reader.yaml in the bundles', () => {
  const readerFiles = (clusters: Parameters<typeof mesh>[0]) =>
    [...renderMesh(mesh(clusters)).files.keys()].filter((f) => f.endsWith('/remote-secret-reader.yaml'));

  test('GIVEN primary-remote THEN only the remote (read by the primary) gets it, listed in its kustomization', () => {
    expect(readerFiles(SEED_CLUSTERS)).toEqual(['cluster2/remote-secret-reader.yaml']);
    const { files } = renderMesh(mesh(SEED_CLUSTERS));
    expect(docs(files.get('cluster2/kustomization.yaml')!)[0].resources).toContain('remote-secret-reader.yaml');
    expect(docs(files.get('cluster1/kustomization.yaml')!)[0].resources).not.toContain('remote-secret-reader.yaml');
  });

  test('GIVEN one primary and two remotes THEN both remotes get it', () => {
    expect(readerFiles(THREE_CLUSTERS)).toEqual(['cluster2/remote-secret-reader.yaml', 'cluster3/remote-secret-reader.yaml']);
  });

  test('GIVEN multi-primary, 3 clusters on 2 networks THEN every cluster gets it and the planner asks for exactly the 6 ordered pairs', () => {
    expect(readerFiles(MULTI_PRIMARY_3)).toEqual(['cluster1/remote-secret-reader.yaml', 'cluster2/remote-secret-reader.yaml', 'cluster3/remote-secret-reader.yaml']);
    expect(planMesh(mesh(MULTI_PRIMARY_3)).remoteSecrets.map((s) => `${s.reader}->${s.target}`)).toEqual([
      'cluster1->cluster2', 'cluster1->cluster3', 'cluster2->cluster1', 'cluster2->cluster3', 'cluster3->cluster1', 'cluster3->cluster2',
    ]);
  });

  test('GIVEN a single cluster THEN no cluster is read and no reader file is written', () => {
    expect(readerFiles([{ name: 'solo', network: 'n1', role: 'primary' }])).toEqual([]);
  });

  test('GIVEN a custom Istio namespace THEN the token Secret is in it', () => {
    const input = mesh(SEED_CLUSTERS);
    const spec = { ...input, istio: { ...input.istio, namespace: 'istio-cp' } };
    const [o] = docs(renderMesh(spec).files.get('cluster2/remote-secret-reader.yaml')!);
    expect(o.metadata.namespace).toBe('istio-cp');
    expect(validateObject(o)).toEqual([]);
  });
});
