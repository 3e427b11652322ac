import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compiledKinds, formatSchemaError, SchemaRegistry, validateDir, validateObject, validateYamlText } from '../../lib/schema';
import { doc, docs, EXPOSE_ISTIOD, EXPOSE_SERVICES, HELLOWORLD, KARMADA_POLICIES, SAIL_ISTIO } from './fixtures';

function gateway(): Record<string, any> {
  return doc(EXPOSE_SERVICES);
}

describe('validateObject', () => {
  test('a valid Istio Gateway (expose-services) passes', () => {
    // GIVEN the cross-network-gateway from istio's samples
    const obj = gateway();
    // WHEN
    const errors = validateObject(obj);
    // THEN
    expect(errors).toEqual([]);
  });

  test('fails a Gateway whose port number is a string, at that path', () => {
    // GIVEN
    const obj = gateway();
    obj.spec.servers[0].port.number = 'x';
    // WHEN
    const errors = validateObject(obj);
    // THEN
    expect(errors).toEqual([{ path: 'spec.servers[0].port.number', message: 'must be integer (got "x")' }]);
  });

  test('fails a field the schema does not define, and suggests the right spelling', () => {
    // GIVEN a typo: "prot" for "port"
    const obj = gateway();
    obj.spec.servers[0].prot = obj.spec.servers[0].port;
    delete obj.spec.servers[0].port;
    // WHEN
    const errors = validateObject(obj);
    // THEN
    expect(errors).toContainEqual({ path: 'spec.servers[0].prot', message: expect.stringContaining('unknown field "prot"; did you mean "port"?') });
  });

  test('fails a typo in the metadata of a custom resource (checked as a Kubernetes ObjectMeta)', () => {
    // GIVEN
    const obj = gateway();
    obj.metadata.lables = { app: 'x' };
    // WHEN
    const errors = validateObject(obj);
    // THEN
    expect(errors).toEqual([{ path: 'metadata.lables', message: expect.stringContaining('did you mean "labels"?') }]);
  });

  test('fails a value outside an enum, listing the allowed values', () => {
    // GIVEN
    const obj = gateway();
    obj.spec.servers[0].tls.mode = 'PASSTRU';
    // WHEN
    const errors = validateObject(obj);
    // THEN
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('spec.servers[0].tls.mode');
    expect(errors[0].message).toMatch(/^must be one of "PASSTHROUGH", .*\(got "PASSTRU"\)$/);
  });

  test('a VirtualService (istiod-vs) and the istiod Gateway pass', () => {
    // GIVEN
    const objs = docs(EXPOSE_ISTIOD);
    // WHEN
    const errors = objs.map((o) => validateObject(o));
    // THEN
    expect(objs.map((o) => o.kind)).toEqual(['Gateway', 'VirtualService']);
    expect(errors).toEqual([[], []]);
  });

  test('a Namespace with the network label passes', () => {
    // GIVEN
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system', labels: { 'topology.istio.io/network': 'network1' } } };
    // WHEN / THEN
    expect(validateObject(ns)).toEqual([]);
  });

  test('fails an unknown field under a label key with dots, quoting the key in the path', () => {
    // GIVEN labels must be strings
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system', labels: { 'topology.istio.io/network': 2 } } };
    // WHEN
    const errors = validateObject(ns);
    // THEN
    expect(errors).toEqual([{ path: 'metadata.labels["topology.istio.io/network"]', message: 'must be string (got 2)' }]);
  });

  test('a cacerts Secret passes', () => {
    // GIVEN
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cacerts', namespace: 'istio-system' },
      type: 'Opaque',
      data: { 'ca-cert.pem': Buffer.from('-----BEGIN CERTIFICATE-----').toString('base64') },
      stringData: { 'root-cert.pem': 'plain text is fine here' },
    };
    // WHEN / THEN
    expect(validateObject(secret)).toEqual([]);
  });

  test('fails a Secret whose data is not base64', () => {
    // GIVEN
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cacerts' }, data: { 'ca-key.pem': '-----BEGIN RSA' } };
    // WHEN
    const errors = validateObject(secret);
    // THEN
    expect(errors).toEqual([{ path: 'data["ca-key.pem"]', message: 'must match format "byte" (got "-----BEGIN RSA")' }]);
  });

  test('a Service whose targetPort is a number or a name passes (int-or-string)', () => {
    // GIVEN
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'istio-eastwestgateway', namespace: 'istio-system' },
      spec: {
        type: 'LoadBalancer',
        selector: { istio: 'eastwestgateway' },
        ports: [
          { name: 'tls', port: 15443, targetPort: 15443 },
          { name: 'tls-istiod', port: 15012, targetPort: 'tls-istiod' },
        ],
      },
    };
    // WHEN / THEN
    expect(validateObject(svc)).toEqual([]);
  });

  test('fails a Service whose targetPort is neither a number nor a name', () => {
    // GIVEN
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: true }] } };
    // WHEN
    const errors = validateObject(svc);
    // THEN
    expect(errors).toEqual([{ path: 'spec.ports[0].targetPort', message: 'must be string or integer (got true)' }]);
  });

  test('fails a Service port without the required port number', () => {
    // GIVEN
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ name: 'http' }] } };
    // WHEN / THEN
    expect(validateObject(svc)).toEqual([{ path: 'spec.ports[0].port', message: 'required field is missing' }]);
  });

  test('the helloworld Service and Deployment pass', () => {
    // GIVEN
    const objs = docs(HELLOWORLD);
    // WHEN / THEN
    expect(objs.map((o) => validateObject(o))).toEqual([[], []]);
  });

  test('fails a Deployment with a misspelled container field', () => {
    // GIVEN
    const [, deployment] = docs(HELLOWORLD);
    deployment.spec.template.spec.containers[0].imagePullPolcy = 'Always';
    // WHEN
    const errors = validateObject(deployment);
    // THEN
    expect(errors).toEqual([{ path: 'spec.template.spec.containers[0].imagePullPolcy', message: expect.stringContaining('did you mean "imagePullPolicy"?') }]);
  });

  test('Karmada PropagationPolicy and ClusterOverridePolicy pass', () => {
    // GIVEN
    const objs = docs(KARMADA_POLICIES);
    // WHEN / THEN
    expect(objs.map((o) => o.kind)).toEqual(['PropagationPolicy', 'ClusterOverridePolicy']);
    expect(objs.map((o) => validateObject(o))).toEqual([[], []]);
  });

  test('a Sail operator Istio resource passes', () => {
    expect(validateObject(doc(SAIL_ISTIO))).toEqual([]);
  });

  test('an IstioOperator passes whatever its spec holds (preserve-unknown-fields)', () => {
    // GIVEN
    const iop = {
      apiVersion: 'install.istio.io/v1alpha1',
      kind: 'IstioOperator',
      metadata: { name: 'eastwest', namespace: 'istio-system' },
      spec: { profile: 'empty', components: { ingressGateways: [{ name: 'istio-eastwestgateway', enabled: true }] }, anything: { goes: 1 } },
    };
    // WHEN / THEN
    expect(validateObject(iop)).toEqual([]);
  });

  test('fields set to null are ignored, as the API server does', () => {
    // GIVEN kubectl-style output
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system', creationTimestamp: null }, spec: {}, status: {} };
    // WHEN / THEN
    expect(validateObject(ns)).toEqual([]);
  });

  test('fails an unknown kind, saying what meshgen validates', () => {
    // GIVEN
    const obj = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    // WHEN
    const errors = validateObject(obj);
    // THEN
    expect(errors).toEqual([{ path: '', message: expect.stringMatching(/^no schema for example\.com\/v1\/Widget; meshgen validates Kubernetes 1\.27 kinds and the CRDs under crds\//) }]);
  });

  test('an unknown kind passes when the caller skips unknown kinds', () => {
    const obj = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(validateObject(obj, { skipUnknownKinds: true })).toEqual([]);
  });

  test('fails a known kind at a version meshgen has no schema for, listing the known versions', () => {
    // GIVEN
    const obj = { ...gateway(), apiVersion: 'networking.istio.io/v2' };
    // WHEN
    const errors = validateObject(obj);
    // THEN
    expect(errors).toEqual([{
      path: '',
      message: 'no schema for networking.istio.io/v2/Gateway; known versions of Gateway: networking.istio.io/v1, networking.istio.io/v1alpha3, networking.istio.io/v1beta1',
    }]);
  });

  test('fails an object without apiVersion, kind or metadata.name', () => {
    // WHEN
    const errors = validateObject({ metadata: {} });
    // THEN
    expect(errors.map((e) => e.path)).toEqual(['apiVersion', 'kind', 'metadata.name']);
  });

  test('fails something that is not an object', () => {
    expect(validateObject(['a'])).toEqual([{ path: '', message: expect.stringContaining('expected a Kubernetes object') }]);
  });

  test('validating 200 objects of 10 kinds compiles one validator per kind', () => {
    // GIVEN a registry of its own, so that other tests' compilations do not count
    const registry = new SchemaRegistry();
    const [service, deployment] = docs(HELLOWORLD);
    const [istiodGateway, istiodVs] = docs(EXPOSE_ISTIOD);
    const [pp, cop] = docs(KARMADA_POLICIES);
    const kinds = [
      gateway(), istiodGateway, istiodVs, service, deployment, pp, cop, doc(SAIL_ISTIO),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } },
    ];
    const objects = Array.from({ length: 200 }, (_, i) => kinds[i % kinds.length]);
    // WHEN
    const errors = objects.flatMap((o) => validateObject(o, { registry }));
    // THEN
    expect(errors).toEqual([]);
    expect(compiledKinds(registry)).toHaveLength(10); // two Gateways share one validator
  });
});

describe('validateYamlText', () => {
  test('fails a YAML syntax error, with the file and the line', () => {
    // GIVEN a mapping inside a compact mapping on line 4
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system: x\n';
    // WHEN
    const errors = validateYamlText(text, 'dist/cluster1/namespace.yaml');
    // THEN
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'dist/cluster1/namespace.yaml', object: '', line: 4 });
    expect(formatSchemaError(errors[0])).toMatch(/^dist\/cluster1\/namespace\.yaml:4: YAML syntax error: /);
  });

  test('fails a duplicate key as a YAML error', () => {
    const errors = validateYamlText('apiVersion: v1\nkind: Namespace\nkind: Namespace\nmetadata: {name: a}\n', 'f.yaml');
    expect(errors).toEqual([expect.objectContaining({ file: 'f.yaml', line: 3, message: expect.stringContaining('YAML syntax error') })]);
  });

  test('errors name the object and the line of the field', () => {
    // GIVEN
    const text = EXPOSE_ISTIOD.replace('number: 15017', 'number: "x"');
    // WHEN
    const errors = validateYamlText(text, 'dist/cluster1/expose-istiod.yaml');
    // THEN
    expect(errors).toEqual([{
      file: 'dist/cluster1/expose-istiod.yaml',
      object: 'Gateway/istio-system/istiod-gateway',
      path: 'spec.servers[1].port.number',
      message: 'must be integer (got "x")',
      line: text.split('\n').findIndex((l) => l.includes('number: "x"')) + 1,
    }]);
  });

  test('empty documents are skipped', () => {
    expect(validateYamlText(`---\n${EXPOSE_SERVICES}\n---\n`, 'f.yaml')).toEqual([]);
  });
});

describe('validateDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshgen-validate-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };

  test('a valid bundle passes, including IstioOperators under istioctl/', () => {
    // GIVEN
    write('cluster1/expose-istiod.yaml', EXPOSE_ISTIOD);
    write('cluster1/cross-network-gateway.yml', EXPOSE_SERVICES);
    write('cluster1/istioctl/eastwest.yaml', 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  name: eastwest\nspec:\n  profile: empty\n');
    write('cluster1/kustomization.yaml', 'resources:\n  - expose-istiod.yaml\n  - cross-network-gateway.yml\n');
    write('README.md', 'not yaml');
    // WHEN / THEN
    expect(validateDir(dir)).toEqual([]);
  });

  test('fails a kustomization that lists a file that does not exist', () => {
    // GIVEN
    write('cluster1/namespace.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n');
    write('cluster1/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - namespace.yaml\n  - missing.yaml\n');
    // WHEN
    const errors = validateDir(dir);
    // THEN
    expect(errors).toEqual([{
      file: path.join(dir, 'cluster1/kustomization.yaml'),
      object: 'Kustomization',
      path: 'resources[1]',
      message: `"missing.yaml" does not exist in ${path.join(dir, 'cluster1')}; create it or remove it from resources`,
    }]);
  });

  test('fails bad manifests with one line per error, files in sorted order', () => {
    // GIVEN
    write('cluster2/expose-istiod.yaml', EXPOSE_ISTIOD.replace('number: 15012', 'number: x'));
    write('cluster1/broken.yaml', 'kind: [\n');
    // WHEN
    const lines = validateDir(dir).map(formatSchemaError);
    // THEN
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${path.join(dir, 'cluster1/broken.yaml')}:\\d+: YAML syntax error: `));
    expect(lines[1]).toBe(`${path.join(dir, 'cluster2/expose-istiod.yaml')}: Gateway/istio-system/istiod-gateway: spec.servers[0].port.number: must be integer (got "x")`);
  });

  test('fails a directory with no manifests', () => {
    expect(validateDir(dir)).toEqual([expect.objectContaining({ file: dir, message: expect.stringContaining('no *.yaml or *.yml manifests found') })]);
  });

  test('fails a directory that does not exist', () => {
    expect(() => validateDir(path.join(dir, 'nope'))).toThrow(/directory not found/);
  });
});
