import { validateObject } from '../../../lib/schema';
import { docs, THREE_CLUSTERS } from '../../helpers';
import { renderWith } from '../helpers';

describe('renderMesh with spec.verify', () => {
  const files = () => renderWith({ verify: {} }, THREE_CLUSTERS);

  test('THEN every cluster gets verify/ with its own kustomization, and the main kustomization does not list it', () => {
    const f = files();
    for (const c of ['cluster1', 'cluster2', 'cluster3']) {
      const [k] = docs(f.get(`${c}/verify/kustomization.yaml`)!);
      expect(k.resources).toEqual(['namespace.yaml', 'helloworld.yaml', 'client.yaml', 'verify-job.yaml']);
      for (const r of k.resources) expect(f.has(`${c}/verify/${r}`)).toBe(true);
      expect(docs(f.get(`${c}/kustomization.yaml`)!)[0].resources.some((r: string) => r.startsWith('verify'))).toBe(false);
    }
  });

  test('THEN helloworld-v1 runs on cluster1, v2 on cluster2, the Service everywhere; every Job expects v1 and v2', () => {
    const f = files();
    const names = (c: string) => docs(f.get(`${c}/verify/helloworld.yaml`)!).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names('cluster1')).toEqual(['Service/helloworld', 'Deployment/helloworld-v1']);
    expect(names('cluster2')).toEqual(['Service/helloworld', 'Deployment/helloworld-v2']);
    expect(names('cluster3')).toEqual(['Service/helloworld']);
    for (const c of ['cluster1', 'cluster2', 'cluster3']) {
      const [job] = docs(f.get(`${c}/verify/verify-job.yaml`)!);
      expect(job.spec.template.spec.containers[0].command[2]).toContain(`echo "OK ${c}: saw helloworld v1 and v2"`);
    }
  });

  test('THEN every object of verify/ validates', () => {
    for (const [file, content] of files()) {
      if (!file.includes('/verify/') || file.endsWith('kustomization.yaml')) continue;
      for (const o of docs(content)) expect({ file, errors: validateObject(o) }).toEqual({ file, errors: [] });
    }
  });
});
