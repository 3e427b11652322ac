import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { kubeconfigPaths, loadKubeconfig, resolveContext } from '../../lib/cluster-access/kubeconfig';
import { tempDir } from '../helpers';

function write(dir: string, name: string, config: object): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, YAML.stringify(config));
  return file;
}

const one = (ctx: string, server: string, user: object = { token: `tok-${ctx}` }) => ({
  apiVersion: 'v1', kind: 'Config',
  clusters: [{ name: `${ctx}-c`, cluster: { server, 'certificate-authority-data': Buffer.from(`CA ${ctx}`).toString('base64') } }],
  users: [{ name: `${ctx}-u`, user }],
  contexts: [{ name: ctx, context: { cluster: `${ctx}-c`, user: `${ctx}-u` } }],
  'current-context': ctx,
});

describe('kubeconfigPaths', () => {
  test('GIVEN --kubeconfig THEN only it; else $KUBECONFIG\'s paths; else ~/.kube/config', () => {
    expect(kubeconfigPaths('f', { KUBECONFIG: 'a:b' }, '/h')).toEqual(['f']);
    expect(kubeconfigPaths(undefined, { KUBECONFIG: `a${path.delimiter}b` }, '/h')).toEqual(['a', 'b']);
    expect(kubeconfigPaths(undefined, {}, '/h')).toEqual([path.join('/h', '.kube', 'config')]);
  });
});

describe('loadKubeconfig + resolveContext', () => {
  test('GIVEN two files THEN they merge as kubectl does: first name and first current-context win', () => {
    const dir = tempDir();
    const a = write(dir, 'a', one('ctx1', 'https://a:6443'));
    const b = write(dir, 'b', { ...one('ctx2', 'https://b:6443'), contexts: [...one('ctx2', '').contexts, { name: 'ctx1', context: { cluster: 'ctx2-c', user: 'ctx2-u' } }] });
    const config = loadKubeconfig([a, b], dir);
    expect(config.currentContext).toBe('ctx1');
    expect(resolveContext(config).server).toBe('https://a:6443');
    expect(resolveContext(config, 'ctx1').token).toBe('tok-ctx1');
    const c2 = resolveContext(config, 'ctx2');
    expect(c2).toMatchObject({ context: 'ctx2', clusterName: 'ctx2-c', server: 'https://b:6443', token: 'tok-ctx2', insecureSkipTlsVerify: false });
    expect(c2.ca!.toString()).toBe('CA ctx2');
  });

  test('GIVEN relative certificate-authority and tokenFile paths THEN they are read from the kubeconfig\'s directory', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'ca.pem'), 'CA FILE');
    fs.writeFileSync(path.join(dir, 'sub', 'token'), 'file-token\n');
    const cfg = one('c', 'https://x');
    (cfg.clusters[0].cluster as any) = { server: 'https://x/', 'certificate-authority': 'ca.pem', 'insecure-skip-tls-verify': true, 'tls-server-name': 'api.x' };
    (cfg.users[0] as any).user = { tokenFile: 'token' };
    const file = write(path.join(dir, 'sub'), 'config', cfg);
    const c = resolveContext(loadKubeconfig([file], '/'), 'c');
    expect(c.ca!.toString()).toBe('CA FILE');
    expect(c.token).toBe('file-token');
    expect(c.server).toBe('https://x');
    expect(c.insecureSkipTlsVerify).toBe(true);
    expect(c.tlsServerName).toBe('api.x');
  });

  test('fails on a missing context, listing the contexts with a did-you-mean', () => {
    const dir = tempDir();
    const file = write(dir, 'kc', one('kind-cluster2', 'https://x'));
    expect(() => resolveContext(loadKubeconfig([file], dir), 'kind-cluster3')).toThrow(
      `kubeconfig ${file}: context "kind-cluster3" not found; use one of: kind-cluster2, did you mean "kind-cluster2"?`,
    );
  });

  test('fails on an unreadable or non-kubeconfig file, and on a cluster without a server, one line each', () => {
    const dir = tempDir();
    expect(() => loadKubeconfig([path.join(dir, 'nope')], dir)).toThrow(/^kubeconfig .*nope: cannot read it \(no such file\); pass --kubeconfig/);
    const list = path.join(dir, 'list');
    fs.writeFileSync(list, '- a\n- b\n');
    expect(() => loadKubeconfig([list], dir)).toThrow(/: not a kubeconfig \(expected a mapping with kind: Config/);
    const bad = path.join(dir, 'bad');
    fs.writeFileSync(bad, 'clusters: [\n');
    expect(() => loadKubeconfig([bad], dir)).toThrow(/: not valid YAML \(/);
    const noServer = write(dir, 'ns', { ...one('c', 'x'), clusters: [{ name: 'c-c', cluster: {} }] });
    expect(() => resolveContext(loadKubeconfig([noServer], dir))).toThrow('cluster "c-c" has no https:// server (got null); set it with kubectl config set-cluster c-c --server=https://...');
  });

  test('GIVEN an exec-plugin user THEN its plugin is resolved (not run yet); an auth-provider user is flagged', () => {
    const dir = tempDir();
    const file = write(dir, 'kc', one('gke', 'https://x', { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin', provideClusterInfo: true } }));
    const conn = resolveContext(loadKubeconfig([file], dir));
    expect(conn.exec).toMatchObject({ command: 'gke-gcloud-auth-plugin', resolvedCommand: 'gke-gcloud-auth-plugin', interactiveMode: 'IfAvailable', user: 'gke-u' });
    expect(conn.execCluster?.server).toBe('https://x');
    expect(conn.execCluster?.['certificate-authority-data']).toEqual(conn.ca);
    expect(conn.unsupportedAuth).toBeUndefined();
    const legacy = write(dir, 'kc2', one('gcp', 'https://x', { 'auth-provider': { name: 'gcp' } }));
    expect(resolveContext(loadKubeconfig([legacy], dir)).unsupportedAuth).toBe('auth-provider gcp');
  });
});
