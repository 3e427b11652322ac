import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ExposeIstiod } from '../../lib/istio/expose-istiod';
import { RevisionTag } from '../../lib/istio/revision-tag';
import { renderMesh } from '../../lib/synth/render-mesh';
import { parseMeshSpecYaml } from '../../lib/mesh-spec/parse';
import { validateObject } from '../../lib/schema';
import { docs, objectsOf, primaryRemoteSpecYaml, ROOT } from '../helpers';

/** Istio's template with {{.Revision}} replaced, as the multicluster guide does with sed. */
function upstreamRev(rev: string): any[] {
  const text = fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/istio/expose-istiod-rev.yaml.tmpl'), 'utf8');
  return docs(text.split('{{.Revision}}').join(rev));
}

export const CANARY_SPEC = primaryRemoteSpecYaml('    version: "1.29.6"\n    revision: 1-29-6\n    canary: {version: "1.30.3", revision: 1-30-3}\n    tags: {prod-stable: 1-29-6, prod-canary: 1-30-3}');

describe('expose-istiod per revision', () => {
  test('each revision\'s VirtualService and the shared Gateway match expose-istiod-rev.yaml.tmpl field by field', () => {
    const chart = new Chart(Testing.app(), 'c');
    const expose = new ExposeIstiod(chart, 'e', { revisions: ['1-30-3', '1-29-6'] });
    const ours = objectsOf(expose);
    expect(ours.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Gateway/istiod-gateway', 'VirtualService/istiod-vs-1-29-6', 'VirtualService/istiod-vs-1-30-3']);
    for (const rev of ['1-29-6', '1-30-3']) {
      const [gw, vs] = upstreamRev(rev);
      const ourGw = ours[0];
      const ourVs = ours.find((o) => o.metadata.name === `istiod-vs-${rev}`);
      expect(ourGw.apiVersion).toBe(gw.apiVersion);
      expect(ourGw.metadata).toEqual({ ...gw.metadata, namespace: 'istio-system' });
      expect(ourGw.spec).toEqual(gw.spec);
      expect(ourVs.apiVersion).toBe(vs.apiVersion);
      expect(ourVs.kind).toBe(vs.kind);
      expect(ourVs.metadata).toEqual({ ...vs.metadata, namespace: 'istio-system' });
      expect(ourVs.spec.hosts).toEqual(vs.spec.hosts);
      expect(ourVs.spec.gateways).toEqual(vs.spec.gateways);
      expect(ourVs.spec.tls).toEqual(vs.spec.tls);
    }
    for (const o of ours) expect(validateObject(o)).toEqual([]);
  });

  test('another namespace replaces istio-system in SNI and host', () => {
    const chart = new Chart(Testing.app(), 'c');
    const [, vs] = objectsOf(new ExposeIstiod(chart, 'e', { namespace: 'istio-mesh', revisions: ['canary'] }));
    expect(vs.spec.tls[0].match[0].sniHosts).toEqual(['istiod-canary.istio-mesh.svc', 'istiod-canary.istio-mesh.svc.cluster.local']);
    expect(vs.spec.tls[1].route[0].destination).toEqual({ host: 'istiod-canary.istio-mesh.svc.cluster.local', port: { number: 443 } });
  });
});

describe('revision tag webhook', () => {
  test('as istioctl tag set makes it: name, labels, the rev.namespace and rev.object webhooks to istiod-<rev>', () => {
    const chart = new Chart(Testing.app(), 'c');
    const [mwc] = objectsOf(new RevisionTag(chart, 't', { tag: 'prod-stable', revision: '1-29-6', injectionPath: '/inject/cluster/cluster2/net/network2' }));
    expect(mwc.metadata.name).toBe('istio-revision-tag-prod-stable');
    expect(mwc.metadata.labels).toMatchObject({ 'istio.io/tag': 'prod-stable', 'istio.io/rev': '1-29-6', app: 'sidecar-injector' });
    expect(mwc.webhooks.map((w: any) => w.name)).toEqual(['rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io']);
    expect(mwc.webhooks[0].clientConfig).toEqual({ service: { name: 'istiod-1-29-6', namespace: 'istio-system', path: '/inject/cluster/cluster2/net/network2', port: 443 } });
    expect(mwc.webhooks[0].namespaceSelector.matchExpressions[0]).toEqual({ key: 'istio.io/rev', operator: 'In', values: ['prod-stable'] });
    expect(validateObject(mwc)).toEqual([]);
  });

  test('the default tag also serves istio-injection=enabled', () => {
    const chart = new Chart(Testing.app(), 'c');
    const [mwc] = objectsOf(new RevisionTag(chart, 't', { tag: 'default', revision: '1-30-3' }));
    expect(mwc.webhooks.map((w: any) => w.name)).toEqual([
      'rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io',
      'namespace.sidecar-injector.istio.io', 'object.sidecar-injector.istio.io',
    ]);
    expect(validateObject(mwc)).toEqual([]);
  });
});

describe('istioctl bundles with a canary', () => {
  const { files } = renderMesh(parseMeshSpecYaml(CANARY_SPEC));
  const all = (cluster: string) => [...files.entries()].filter(([f]) => f.startsWith(`${cluster}/`));

  test('both control planes per primary and per remote, each in its own file with spec.revision', () => {
    for (const c of ['cluster1', 'cluster2']) {
      for (const rev of ['1-29-6', '1-30-3']) {
        const [iop] = docs(files.get(`${c}/istioctl/control-plane-${rev}.yaml`)!);
        expect(iop.metadata.name).toBe(`control-plane-${rev}`);
        expect(iop.spec.revision).toBe(rev);
        if (c === 'cluster2') {
          expect(iop.spec.profile).toBe('remote');
          expect(iop.spec.values.global.remotePilotAddress).toBe('172.18.0.10');
        } else expect(iop.spec.values.pilot.env.EXTERNAL_ISTIOD).toBe(true);
      }
      expect(files.has(`${c}/istioctl/control-plane.yaml`)).toBe(false);
    }
  });

  test('the east-west gateways stay on spec.istio.revision (upgraded in place when it changes)', () => {
    for (const c of ['cluster1', 'cluster2']) {
      expect(docs(files.get(`${c}/istioctl/eastwest-gateway.yaml`)!)[0].spec.revision).toBe('1-29-6');
    }
  });

  test('no two revisions share a name: IstioOperators, expose routes, webhooks, Services', () => {
    for (const c of ['cluster1', 'cluster2']) {
      const objs = all(c).filter(([f]) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml')).flatMap(([, text]) => docs(text));
      const keys = objs.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(new Set(keys).size).toBe(keys.length);
      const iops = objs.filter((o) => o.kind === 'IstioOperator' && o.metadata.name.startsWith('control-plane'));
      // what each revision's install creates: istiod-<rev> and istio-sidecar-injector-<rev>
      const created = iops.flatMap((o) => [`istiod-${o.spec.revision}`, `istio-sidecar-injector-${o.spec.revision}`]);
      expect(new Set(created).size).toBe(created.length);
      const tags = objs.filter((o) => o.kind === 'MutatingWebhookConfiguration');
      expect(tags.map((o) => o.metadata.name)).toEqual(['istio-revision-tag-prod-canary', 'istio-revision-tag-prod-stable']);
      expect(tags.map((o) => o.webhooks[0].clientConfig.service.name)).toEqual(['istiod-1-30-3', 'istiod-1-29-6']);
      for (const o of objs.filter((x) => x.kind !== 'IstioOperator')) expect(validateObject(o)).toEqual([]);
    }
    const expose = docs(files.get('cluster1/expose-istiod.yaml')!);
    expect(expose.map((o) => o.metadata.name)).toEqual(['istiod-gateway', 'istiod-vs-1-29-6', 'istiod-vs-1-30-3']);
  });

  test('a remote\'s tag webhooks use its injection path', () => {
    const tags = docs(files.get('cluster2/istioctl/revision-tags.yaml')!);
    expect(tags[0].webhooks[0].clientConfig.service.path).toBe('/inject/cluster/cluster2/net/network2');
  });

  test('without revision settings nothing changes (control-plane.yaml, istiod-vs)', () => {
    const plain = renderMesh(parseMeshSpecYaml(CANARY_SPEC.replace(/    revision: 1-29-6\n    canary: .*\n    tags: .*\n/, ''))).files;
    expect(plain.has('cluster1/istioctl/control-plane.yaml')).toBe(true);
    expect(docs(plain.get('cluster1/expose-istiod.yaml')!).map((o) => o.metadata.name)).toEqual(['istiod-gateway', 'istiod-vs']);
  });
});

describe('revisions with values, CNI and a platform', () => {
  test('every revision\'s IstioOperator carries spec.istio.values, cni and platform; the gateway stays on spec.istio.revision', () => {
    const text = CANARY_SPEC.replace('    tags: {prod-stable: 1-29-6, prod-canary: 1-30-3}\n',
      '    tags: {prod-stable: 1-29-6, prod-canary: 1-30-3}\n    cni: true\n    platform: gke\n    values: {pilot: {resources: {requests: {cpu: "1"}}}}\n');
    const { files } = renderMesh(parseMeshSpecYaml(text));
    for (const rev of ['1-29-6', '1-30-3']) {
      const [op] = docs(files.get(`cluster1/istioctl/control-plane-${rev}.yaml`)!);
      expect(op.spec.revision).toBe(rev);
      expect(op.spec.components.cni.enabled).toBe(true);
      expect(op.spec.values.global.platform).toBe('gke');
      expect(op.spec.values.pilot.resources).toEqual({ requests: { cpu: '1' } });
      expect(op.spec.values.pilot.cni).toEqual({ enabled: true });
    }
  });
});
