import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { validateMeshSpec } from '../lib/mesh-spec/parse';
import { MeshSpec } from '../lib/mesh-spec/types';

export const ROOT = path.resolve(__dirname, '..');

export interface ClusterInput {
  name: string;
  network: string;
  role: 'primary' | 'remote';
  primary?: string;
  address?: string;
}

/** A valid spec object from a short cluster list. */
export function meshInput(clusters: ClusterInput[], name = 'mesh1'): any {
  return {
    apiVersion: 'meshgen/v1alpha1',
    kind: 'Mesh',
    metadata: { name },
    spec: {
      clusters: clusters.map((c) => ({
        name: c.name,
        network: c.network,
        role: c.role,
        ...(c.primary ? { primary: c.primary } : {}),
        ...(c.address ? { eastWestGateway: { address: c.address } } : {}),
      })),
    },
  };
}

export function mesh(clusters: ClusterInput[]): MeshSpec {
  return validateMeshSpec(meshInput(clusters));
}

/** The seed's two clusters: cluster1 primary on network1, cluster2 remote on network2. */
export const SEED_CLUSTERS: ClusterInput[] = [
  { name: 'cluster1', network: 'network1', role: 'primary', address: '34.75.71.237' },
  { name: 'cluster2', network: 'network2', role: 'remote', primary: 'cluster1' },
];

/** One primary, a remote on its network, a remote on another network. */
export const THREE_CLUSTERS: ClusterInput[] = [
  { name: 'cluster1', network: 'network1', role: 'primary', address: '34.75.71.237' },
  { name: 'cluster2', network: 'network1', role: 'remote', primary: 'cluster1' },
  { name: 'cluster3', network: 'network2', role: 'remote', primary: 'cluster1' },
];

/**
 * A primary-remote mesh's spec YAML (cluster1 primary on network1 with its gateway at
 * 172.18.0.10, cluster2 its remote on network2): `istio` holds the lines under spec.istio
 * (indented four spaces), `extra` any lines under spec (two spaces) before the clusters.
 */
export function primaryRemoteSpecYaml(istio: string, extra = ''): string {
  return `apiVersion: meshgen/v1alpha1
kind: Mesh
metadata:
  name: mesh1
spec:
  istio:
${istio}
${extra}  clusters:
    - name: cluster1
      network: network1
      role: primary
      eastWestGateway: {address: 172.18.0.10}
    - name: cluster2
      network: network2
      role: remote
      primary: cluster1
`;
}

export function tempDir(prefix = 'meshgen-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** All documents of a YAML file's text. */
export function docs(text: string): any[] {
  return YAML.parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d !== null);
}

export function upstream(file: string): any[] {
  return docs(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'upstream', file), 'utf8'));
}

/** Every file under dir, relative, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * A fresh copy of the committed test PKI (RSA 2048, test-only keys; see
 * test/fixtures/pki/README.md): the root and the given clusters' intermediates. The
 * fixture also holds cluster3, for tests of three clusters that do not test the CA.
 */
export function fixturePki(clusters: readonly string[] = ['cluster1', 'cluster2']): string {
  const from = path.join(ROOT, 'test', 'fixtures', 'pki');
  const dir = path.join(tempDir('meshgen-pki-'), 'pki');
  fs.mkdirSync(dir);
  for (const f of ['root-cert.pem', 'root-key.pem']) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  for (const c of clusters) fs.cpSync(path.join(from, c), path.join(dir, c), { recursive: true });
  return dir;
}

/** Objects of a construct subtree in construct order, as Kubernetes JSON (for tests of one construct). */
export function objectsOf(construct: IConstruct): any[] {
  return construct.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
}
