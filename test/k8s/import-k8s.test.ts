import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { importK8s, KINDS } = require('../../scripts/import-k8s.js') as {
  importK8s(outdir: string): Promise<string>;
  KINDS: string[];
};

describe('GIVEN imports/k8s.ts (cdk8s-cli\'s k8s importer run on schemas/k8s/v1.27.0-definitions.json)', () => {
  test('THEN it is what scripts/import-k8s.js generates today (run `npm run import:k8s` after changing KINDS)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshgen-k8s-'));
    try {
      const file = await importK8s(dir);
      expect(fs.readFileSync(file, 'utf8') === fs.readFileSync(path.join(__dirname, '..', '..', 'imports', 'k8s.ts'), 'utf8')).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('THEN it has one class per kind meshgen emits, with the apiVersion of the definitions', () => {
    const k8s = require('../../imports/k8s');
    expect(KINDS).toHaveLength(13);
    expect(k8s.KubeDeployment.GVK).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(k8s.KubeHorizontalPodAutoscalerV2.GVK).toEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' });
    expect(k8s.KubePodDisruptionBudget.GVK).toEqual({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' });
    expect(k8s.KubeClusterRoleBinding.GVK).toEqual({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' });
    expect(k8s.KubeIngress).toBeUndefined();
  });
});
