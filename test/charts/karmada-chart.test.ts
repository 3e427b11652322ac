import * as fs from 'fs';
import * as path from 'path';
import { ClusterCaFiles } from '../../lib/pki/pki-store';
import { renderMesh } from '../../lib/synth/render-mesh';
import { validateObject } from '../../lib/schema';
import { parseMeshSpecYaml, validateMeshSpec } from '../../lib/mesh-spec/parse';
import { docs, ROOT } from '../helpers';

const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples/karmada/mesh.yaml'), 'utf8');
const ca = (member: string): ClusterCaFiles => ({ caCert: `cert ${member}\n`, caKey: `key ${member}\n`, certChain: `chain ${member}\n`, rootCert: 'root\n' } as ClusterCaFiles);
const CA = new Map([['member1', ca('member1')], ['member2', ca('member2')]]);

function example(edit: (spec: any) => void = () => undefined) {
  const input = docs(EXAMPLE)[0];
  edit(input.spec);
  return validateMeshSpec(input);
}

describe('renderMesh with spec.federation.karmada', () => {
  const { files, secrets } = renderMesh(example(), { ca: CA });

  test('GIVEN the example THEN <out>/karmada/ has its own kustomization: namespace, network labels, cacerts propagation, Istio CRDs', () => {
    expect(docs(files.get('karmada/kustomization.yaml')!)[0].resources).toEqual(['namespace.yaml', 'network-labels.yaml', 'cacerts-propagation.yaml', 'istio-crds.yaml']);
    expect(docs(files.get('karmada/namespace.yaml')!)).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } }]);
  });

  test('GIVEN the example THEN one ClusterOverridePolicy per member sets only its network label (labelsOverrider), the remote also gets its control-plane annotation', () => {
    const cops = docs(files.get('karmada/network-labels.yaml')!);
    expect(cops.map((c) => c.metadata.name)).toEqual(['istio-system-member1', 'istio-system-member2']);
    expect(cops.map((c) => c.spec.overrideRules[0].overriders.labelsOverrider)).toEqual([
      [{ operator: 'add', value: { 'topology.istio.io/network': 'network1' } }],
      [{ operator: 'add', value: { 'topology.istio.io/network': 'network2' } }],
    ]);
    expect(cops.some((c) => c.spec.overrideRules[0].overriders.plaintext)).toBe(false);
    expect(cops[1].spec.overrideRules[0].overriders.annotationsOverrider[0].value).toEqual({ 'topology.istio.io/controlPlaneClusters': 'member1' });
  });

  test('GIVEN networkLabel: plaintext THEN the guide\'s add on /metadata/labels', () => {
    const r = renderMesh(example((s) => { s.federation.karmada.networkLabel = 'plaintext'; }), { ca: CA });
    const cops = docs(r.files.get('karmada/network-labels.yaml')!);
    expect(cops[0].spec.overrideRules[0].overriders.plaintext).toEqual([{ path: '/metadata/labels', operator: 'add', value: { 'topology.istio.io/network': 'network1' } }]);
  });

  test('GIVEN a plug-in CA THEN the cacerts template and per-member OverridePolicies go to the secrets output, the members get no cacerts, and no key is in any bundle', () => {
    expect([...secrets.keys()]).toEqual(['karmada/cacerts.yaml']);
    const objects = docs(secrets.get('karmada/cacerts.yaml')!);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['OverridePolicy/cacerts-member1', 'OverridePolicy/cacerts-member2', 'Secret/cacerts']);
    expect(objects[1].spec.overrideRules[0].overriders.plaintext[0].value['ca-key.pem']).toBe(Buffer.from('key member2\n').toString('base64'));
    for (const [file, content] of files) {
      expect(`${file}: ${content.includes('ca-key.pem') || content.includes(Buffer.from('key member1\n').toString('base64'))}`).toBe(`${file}: false`);
    }
  });

  test('GIVEN --include-secrets THEN karmada/cacerts.yaml is in the bundle and its kustomization, after the namespace', () => {
    const r = renderMesh(example(), { ca: CA, includeSecrets: true });
    expect(r.secrets.size).toBe(0);
    expect(docs(r.files.get('karmada/kustomization.yaml')!)[0].resources.slice(0, 2)).toEqual(['namespace.yaml', 'cacerts.yaml']);
    expect(r.files.has('member1/cacerts.yaml')).toBe(false);
  });

  test('GIVEN the example THEN members get no namespace.yaml and no verify/ (both come from Karmada) but their Istio install as before', () => {
    expect(files.has('member1/namespace.yaml')).toBe(false);
    expect(docs(files.get('member1/kustomization.yaml')!)[0].resources).toEqual(['expose-istiod.yaml', 'expose-services.yaml']);
    expect([...files.keys()].filter((f) => f.startsWith('member2/verify/'))).toEqual([]);
    const remote = docs(files.get('member2/istioctl/control-plane.yaml')!)[0];
    expect(remote.spec.profile).toBe('remote');
    expect(remote.spec.values.istiodRemote.injectionPath).toBe('/inject/cluster/member2/net/network2');
    expect(remote.spec.values.global.remotePilotAddress).toBe('172.18.255.200');
  });

  test('GIVEN propagate: [] THEN members keep namespace.yaml, cacerts.yaml and verify/, and karmada/ holds only the CRDs', () => {
    const r = renderMesh(example((s) => { s.federation.karmada.propagate = []; }), { ca: CA });
    expect([...r.files.keys()].filter((f) => f.startsWith('karmada/'))).toEqual(['karmada/istio-crds.yaml', 'karmada/kustomization.yaml']);
    expect(r.files.has('member2/namespace.yaml')).toBe(true);
    expect(r.files.has('member2/verify/kustomization.yaml')).toBe(true);
    expect([...r.secrets.keys()]).toEqual(['member1/cacerts.yaml', 'member2/cacerts.yaml']);
  });

  test('GIVEN propagated verify THEN helloworld versions go where spec.verify puts them and each member\'s Job gets its own name by OverridePolicy', () => {
    const policies = docs(files.get('karmada/verify/propagation.yaml')!);
    const placement = (name: string) => policies.find((p) => p.kind === 'PropagationPolicy' && p.metadata.name === name).spec.placement.clusterAffinity.clusterNames;
    expect(placement('helloworld-v1')).toEqual(['member1']);
    expect(placement('helloworld-v2')).toEqual(['member2']);
    expect(placement('verify-helloworld')).toEqual(['member1', 'member2']);
    const job = docs(files.get('karmada/verify/verify-job.yaml')!)[0];
    const override = policies.find((p) => p.metadata.name === 'verify-helloworld-member2');
    const op = override.spec.overrideRules[0].overriders.plaintext[0];
    expect(op.path).toBe('/spec/template/spec/containers/0/command/2');
    expect(job.spec.template.spec.containers[0].command[2]).toContain('karmada-template');
    expect(op.value).toContain('OK member2: saw helloworld v1 and v2');
    expect(docs(files.get('karmada/verify/kustomization.yaml')!)[0].resources).toEqual(['namespace.yaml', 'helloworld.yaml', 'client.yaml', 'verify-job.yaml', 'propagation.yaml']);
  });

  test('GIVEN the example THEN every object of the karmada bundle and of the secrets output validates against its schema', () => {
    const all = [...files].filter(([f]) => f.startsWith('karmada/') && !f.endsWith('kustomization.yaml')).concat([...secrets]);
    let n = 0;
    for (const [file, content] of all) {
      for (const o of docs(content)) {
        n += 1;
        expect(`${file} ${o.kind}/${o.metadata.name}: ${JSON.stringify(validateObject(o))}`).toBe(`${file} ${o.kind}/${o.metadata.name}: []`);
      }
    }
    expect(n).toBeGreaterThan(25);
  });

  test('GIVEN the clusters in another order THEN the same bytes', () => {
    const shuffled = renderMesh(example((s) => { s.clusters.reverse(); }), { ca: CA });
    expect([...shuffled.files]).toEqual([...files]);
    expect([...shuffled.secrets]).toEqual([...secrets]);
  });

  test('GIVEN istioCrds: false THEN no CRDs on the karmada-apiserver', () => {
    const r = renderMesh(example((s) => { s.federation.karmada.istioCrds = false; }));
    expect(r.files.has('karmada/istio-crds.yaml')).toBe(false);
  });

  test('GIVEN the example file THEN it parses (the committed example)', () => {
    expect(parseMeshSpecYaml(EXAMPLE).federation?.karmada?.propagate).toEqual(['namespace', 'cacerts', 'verify']);
  });
});
