import * as path from 'path';
import { writeOutput } from '../../lib/fsx/write';
import { ClusterCaFiles } from '../../lib/pki/pki-store';
import { renderMesh } from '../../lib/synth/render-mesh';
import { validateObject } from '../../lib/schema';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { planMesh } from '../../lib/plan/planner';
import { planSteps } from '../../lib/plan/steps/steps';
import { GATEWAY_API_VERSION } from '../../lib/names/ambient';
import { meshGraph } from '../../lib/review/graph';
import { toMermaid } from '../../lib/review/graph-mermaid';
import { docs, meshInput, tempDir } from '../helpers';
import { hasKubectl, kustomizeEach } from '../kustomize';

type Installer = 'istioctl' | 'sail' | 'helm';
const INSTALLERS: Installer[] = ['istioctl', 'sail', 'helm'];

function ambientInput(installer: Installer, extra: (spec: any) => void = () => undefined): any {
  const input = meshInput([
    { name: 'cluster1', network: 'network1', role: 'primary', address: '34.75.71.237' },
    { name: 'cluster2', network: 'network2', role: 'primary' },
  ]);
  input.spec.istio = { installer, dataplane: 'ambient' };
  input.spec.verify = { helloworld: { v1: ['cluster1'], v2: ['cluster2'] } };
  extra(input.spec);
  return input;
}

function objects(files: Map<string, string>): { file: string; obj: any }[] {
  return [...files].filter(([f]) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml')).flatMap(([file, text]) => docs(text).map((obj) => ({ file, obj })));
}

describe.each(INSTALLERS)('an ambient two-primary, two-network mesh with %s', (installer) => {
  const { files, plan } = renderMesh(validateMeshSpec(ambientInput(installer)));
  const all = objects(files);
  const text = [...files.values()].join('\n');

  test('THEN every object (Gateway API Gateway, Sail IstioCNI/ZTunnel/Istio, IstioOperator, core kinds) validates against its schema', () => {
    const kinds = new Set<string>();
    for (const { file, obj } of all) {
      if (!obj.apiVersion) continue; // Helm values files
      kinds.add(`${obj.apiVersion}/${obj.kind}`);
      expect({ file, name: obj.metadata.name, errors: validateObject(obj) }).toEqual({ file, name: obj.metadata.name, errors: [] });
    }
    expect([...kinds]).toContain('gateway.networking.k8s.io/v1/Gateway');
    if (installer === 'sail') expect([...kinds]).toEqual(expect.arrayContaining(['sailoperator.io/v1/IstioCNI', 'sailoperator.io/v1/ZTunnel', 'sailoperator.io/v1/Istio']));
  });

  test('THEN each cluster has the ambient east-west Gateway of its network in its kustomization, cluster1\'s IP pinned', () => {
    for (const [cluster, network] of [['cluster1', 'network1'], ['cluster2', 'network2']]) {
      const [gw] = docs(files.get(`${cluster}/eastwest-gateway.yaml`)!);
      expect([gw.kind, gw.metadata.name, gw.spec.gatewayClassName, gw.metadata.labels['topology.istio.io/network']]).toEqual(['Gateway', 'istio-eastwestgateway', 'istio-east-west', network]);
      expect(gw.spec.listeners[0]).toMatchObject({ name: 'mesh', port: 15008, protocol: 'HBONE' });
      expect(docs(files.get(`${cluster}/kustomization.yaml`)!)[0].resources).toContain('eastwest-gateway.yaml');
    }
    expect(docs(files.get('cluster1/eastwest-gateway.yaml')!)[0].spec.addresses).toEqual([{ type: 'IPAddress', value: '34.75.71.237' }]);
    expect(docs(files.get('cluster2/eastwest-gateway.yaml')!)[0].spec.addresses).toBeUndefined();
  });

  test('THEN no sidecar-only object leaks in: no expose-services / AUTO_PASSTHROUGH, no sidecar east-west gateway, no injection', () => {
    expect([...files.keys()].filter((f) => /expose-services|istioctl\/eastwest-gateway|eastwest-gateway\.values/.test(f))).toEqual([]);
    expect(all.filter(({ obj }) => obj.apiVersion?.startsWith('networking.istio.io/'))).toEqual([]);
    expect(all.filter(({ obj }) => obj.kind === 'IstioOperator' && obj.metadata.name === 'eastwest')).toEqual([]);
    expect(all.filter(({ obj }) => obj.kind === 'Deployment' && obj.metadata.name === 'istio-eastwestgateway')).toEqual([]);
    for (const s of ['AUTO_PASSTHROUGH', '15443', 'istio-injection', 'sidecar.istio.io/inject', 'quitquitquit', 'holdApplicationUntilProxyStarts', 'ISTIO_META_REQUESTED_NETWORK_VIEW', 'istio/gateway']) {
      expect({ s, found: text.includes(s) }).toEqual({ s, found: false });
    }
  });

  test('THEN the control plane is ambient: profile ambient and AMBIENT_ENABLE_MULTI_NETWORK with the same meshID, clusterName and network', () => {
    for (const [cluster, network] of [['cluster1', 'network1'], ['cluster2', 'network2']]) {
      const global = { meshID: 'mesh1', multiCluster: { clusterName: cluster }, network };
      if (installer === 'istioctl') {
        const [iop] = docs(files.get(`${cluster}/istioctl/control-plane.yaml`)!);
        expect(iop.spec.profile).toBe('ambient');
        expect(iop.spec.values.global).toEqual(global);
        expect(iop.spec.values.pilot.env).toEqual({ AMBIENT_ENABLE_MULTI_NETWORK: 'true' });
      } else if (installer === 'sail') {
        const [istio] = docs(files.get(`${cluster}/istio.yaml`)!);
        expect(istio.spec.profile).toBe('ambient');
        expect(istio.spec.values.global).toEqual(global);
        expect(istio.spec.values.pilot).toEqual({ trustedZtunnelNamespace: 'ztunnel', env: { AMBIENT_ENABLE_MULTI_NETWORK: 'true' } });
        const [, zt] = docs(files.get(`${cluster}/ztunnel.yaml`)!);
        expect(zt.spec.values.ztunnel).toEqual({ multiCluster: { clusterName: cluster }, network });
        expect(docs(files.get(`${cluster}/kustomization.yaml`)!)[0].resources).toEqual(expect.arrayContaining(['istio-cni.yaml', 'ztunnel.yaml', 'istio.yaml']));
      } else {
        const [istiod] = docs(files.get(`${cluster}/helm/istiod.values.yaml`)!);
        expect(istiod).toMatchObject({ global, profile: 'ambient', env: { AMBIENT_ENABLE_MULTI_NETWORK: 'true' } });
        expect(docs(files.get(`${cluster}/helm/istio-cni.values.yaml`)!)[0]).toEqual({ profile: 'ambient' });
        expect(docs(files.get(`${cluster}/helm/ztunnel.values.yaml`)!)[0]).toEqual({ multiCluster: { clusterName: cluster }, network });
      }
    }
  });

  test('THEN the verification runs in ambient namespaces, helloworld\'s Service is global, and the Job has no sidecar', () => {
    for (const cluster of ['cluster1', 'cluster2']) {
      expect(docs(files.get(`${cluster}/verify/namespace.yaml`)!)[0].metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
      const svc = docs(files.get(`${cluster}/verify/helloworld.yaml`)!).find((o) => o.kind === 'Service');
      expect(svc.metadata.labels['istio.io/global']).toBe('true');
      const [job] = docs(files.get(`${cluster}/verify/verify-job.yaml`)!);
      expect(job.spec.template.metadata).toEqual({ labels: { app: 'verify-helloworld' } });
      expect(job.spec.template.spec.containers[0].command[2]).toContain(`OK ${cluster}: saw helloworld v1 and v2`);
    }
  });

  test('THEN the plan installs the Gateway API CRDs, then the ambient control plane, then the bundle (east-west Gateway) on each cluster, then the remote secrets', () => {
    const steps = planSteps(plan);
    const idx = (cluster: string, re: RegExp) => steps.findIndex((s) => s.cluster === cluster && (re.test(s.title) || s.commands.some((c) => re.test(c))));
    for (const c of ['cluster1', 'cluster2']) {
      const crds = idx(c, new RegExp(`gateway-api/config/crd\\?ref=${GATEWAY_API_VERSION.replace(/\./g, '\\.')}`));
      const cp = idx(c, installer === 'istioctl' ? /istioctl install/ : installer === 'sail' ? /istio\.yaml/ : /istio\/istiod/);
      const bundle = idx(c, /apply -k dist\/cluster\d$/);
      expect({ c, crds: crds >= 0, order: crds < cp && cp < bundle }).toEqual({ c, crds: true, order: true });
      // the bundle holds the east-west Gateway; the next step of the cluster waits for its address
      expect(steps[bundle].makes).toContainEqual({ kind: 'east-west-gateway', cluster: c });
      const address = steps.findIndex((s) => s.id === `gateway-address.${c}`);
      expect(address).toBeGreaterThan(bundle);
      expect(steps[address].commands.join('\n')).toContain('get svc istio-eastwestgateway');
      expect(bundle).toBeLessThan(steps.findIndex((s) => /\(remote secrets?\)/.test(s.title)));
    }
    if (installer === 'helm') {
      const helm = steps.find((s) => s.cluster === 'cluster1' && s.commands.some((c) => c.includes('istio/istiod')))!;
      expect(helm.commands.map((c) => c.split(' ')[4])).toEqual(['istio/base', 'istio/istiod', 'istio/cni', 'istio/ztunnel']);
    }
    if (installer === 'sail') {
      const sail = steps.find((s) => s.cluster === 'cluster1' && s.commands.some((c) => c.endsWith('istio.yaml')))!;
      expect(sail.commands.slice(0, 3)).toEqual(['istio-cni.yaml', 'ztunnel.yaml', 'istio.yaml'].map((f) => `kubectl --context=cluster1 apply -f dist/cluster1/${f}`));
    }
  });

  test('THEN kubectl kustomize builds every bundle and verify/ (skipped, loudly, without kubectl)', () => {
    if (!hasKubectl()) {
      console.warn('SKIPPED: kubectl is not installed; `kubectl kustomize` was not checked');
      return;
    }
    const out = path.join(tempDir(), 'dist');
    writeOutput(out, files, 'm');
    const dirs = ['cluster1', 'cluster2', 'cluster1/verify', 'cluster2/verify'];
    // built together per cluster (test/kustomize.ts), each alone when that fails
    const results = kustomizeEach(dirs.map((d) => path.join(out, d)), (d) => path.relative(out, d).split('/')[0]);
    for (const [i, r] of results.entries()) expect({ dir: dirs[i], status: r.status, stderr: r.stderr }).toEqual({ dir: dirs[i], status: 0, stderr: '' });
  });

  test('THEN the same spec with its clusters in another order gives the same bytes', () => {
    const input = ambientInput(installer);
    input.spec.clusters.reverse();
    expect(renderMesh(validateMeshSpec(input)).files).toEqual(files);
  });
});

describe('ambient mode, edge cases', () => {
  test('GIVEN a hostname east-west address THEN the Gateway is not pinned (a Hostname address would make it unmanaged)', () => {
    const { files } = renderMesh(validateMeshSpec(ambientInput('istioctl', (s) => { s.clusters[0].eastWestGateway.address = 'gw.example.com'; })));
    expect(docs(files.get('cluster1/eastwest-gateway.yaml')!)[0].spec.addresses).toBeUndefined();
  });

  test('GIVEN two clusters on one network THEN synth renders but the plan warns that Istio supports ambient multicluster only across networks', () => {
    const input = ambientInput('istioctl', (s) => { s.clusters[1].network = 'network1'; });
    const plan = planMesh(validateMeshSpec(input));
    expect(plan.warnings).toEqual([expect.stringMatching(/^spec\.clusters\[1\]\.network: "network1" is shared by cluster1, cluster2; .*use dataplane: sidecar$/)]);
    expect(plan.clusters.every((c) => !c.eastWestGateway && !c.exposeServices)).toBe(true);
  });

  test('GIVEN one cluster THEN it is plain ambient: no east-west gateway, no CRD warning', () => {
    const input = meshInput([{ name: 'solo', network: 'n1', role: 'primary' }]);
    input.spec.istio = { dataplane: 'ambient' };
    const { files, plan } = renderMesh(validateMeshSpec(input));
    expect(files.has('solo/eastwest-gateway.yaml')).toBe(false);
    expect(plan.warnings).toEqual([]);
  });

  test('GIVEN helm with Argo CD THEN istio-cni and ztunnel Applications sync after base, with istiod and after it; every Application validates', () => {
    const { files } = renderMesh(validateMeshSpec(ambientInput('helm', (s) => { s.argocd = { repoURL: 'https://github.com/example/mesh.git' }; })));
    const apps = [...files].filter(([f]) => f.startsWith('cluster1/argocd/')).flatMap(([, t]) => docs(t));
    const wave = (name: string) => Number(apps.find((a) => a.metadata.name === `cluster1-${name}`)!.metadata.annotations['argocd.argoproj.io/sync-wave']);
    const order = ['istio-base', 'mesh-bundle', 'istiod', 'istio-cni', 'ztunnel'].map(wave);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(new Set(order).size).toBe(order.length);
    expect(apps.find((a) => a.metadata.name === 'cluster1-istio-cni').spec.source.chart).toBe('cni');
    expect(apps.some((a) => a.metadata.name.includes('eastwestgateway'))).toBe(false);
    for (const a of apps) expect(validateObject(a)).toEqual([]);
  });

  test('GIVEN the topology graph THEN cross-network paths are HBONE on 15008', () => {
    const text = toMermaid(meshGraph(planMesh(validateMeshSpec(ambientInput('istioctl')))));
    expect(text).toMatch(/^ {2}subgraph net_\w+\["network \w+ · HBONE :15008 with \w+"\]$/m);
    expect(text).not.toContain('15443');
  });

  test('GIVEN spec.kiali THEN Kiali renders as in sidecar mode (cluster-wide access finds ztunnel)', () => {
    const { files } = renderMesh(validateMeshSpec(ambientInput('istioctl', (s) => { s.kiali = {}; })));
    const [kiali] = docs(files.get('cluster1/kiali/kiali.yaml')!);
    expect(kiali.spec.deployment).toEqual({ cluster_wide_access: true });
    expect(files.has('cluster2/kiali/remote-access.yaml')).toBe(true);
  });

  test('GIVEN spec.federation.karmada THEN the propagated verification is ambient too: namespace label, global Service, sidecar-less Job and scripts', () => {
    const ca = (m: string) => ({ caCert: `c ${m}\n`, caKey: `k ${m}\n`, certChain: `ch ${m}\n`, rootCert: 'r\n' } as ClusterCaFiles);
    const spec = validateMeshSpec(ambientInput('istioctl', (s) => { s.federation = { karmada: {} }; }));
    const { files } = renderMesh(spec, { ca: new Map([['cluster1', ca('cluster1')], ['cluster2', ca('cluster2')]]) });
    expect(docs(files.get('karmada/verify/namespace.yaml')!)[0].metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect(docs(files.get('karmada/verify/helloworld.yaml')!).find((o) => o.kind === 'Service').metadata.labels['istio.io/global']).toBe('true');
    const karmadaText = [...files].filter(([f]) => f.startsWith('karmada/')).map(([, t]) => t).join('\n');
    for (const s of ['sidecar.istio.io/inject', 'quitquitquit', 'istio-injection']) expect({ s, found: karmadaText.includes(s) }).toEqual({ s, found: false });
    for (const { obj } of objects(files)) if (obj.apiVersion) expect(validateObject(obj)).toEqual([]);
  });
});
