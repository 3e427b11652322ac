import * as fc from 'fast-check';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { planMesh } from '../../lib/plan/planner';
import { planSteps } from '../../lib/plan/steps/steps';
import { ClusterInput, meshInput } from '../helpers';

/** Arbitrary GitOps meshes: 1..8 clusters on 1..3 networks, a tool, an installer, addresses or not. */
const arbGitOpsMesh = fc.record({
  size: fc.integer({ min: 1, max: 8 }),
  networks: fc.integer({ min: 1, max: 3 }),
  seed: fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
  withAddress: fc.boolean(),
  tool: fc.constantFrom('argocd', 'flux'),
  installer: fc.constantFrom('helm', 'sail'),
}).map(({ size, networks, seed, withAddress, tool, installer }) => {
  const clusters: ClusterInput[] = [];
  for (let i = 0; i < size; i++) {
    const isPrimary = i === 0 || seed[i] % 3 === 0;
    const primaries = clusters.filter((c) => c.role === 'primary');
    clusters.push({
      name: `c${i}`,
      network: `net${seed[i + 8] % networks}`,
      role: isPrimary ? 'primary' : 'remote',
      ...(isPrimary ? {} : { primary: primaries[seed[i + 16] % primaries.length].name }),
      ...(withAddress ? { address: `10.0.${i}.1` } : {}),
    });
  }
  const input = meshInput(clusters);
  input.spec.istio = { installer };
  input.spec.gitops = { tool, repoURL: 'https://github.com/example/mesh.git' };
  return validateMeshSpec(input);
});

describe('planGitOps properties', () => {
  test('every cluster: the operator or istio/base first, the bundle second, istiod when its control plane is known, the gateway last when it has one', () => {
    fc.assert(fc.property(arbGitOpsMesh, (spec) => {
      const plan = planMesh(spec);
      expect(plan.gitops!.clusters.map((c) => c.cluster)).toEqual(plan.clusters.map((c) => c.name));
      for (const c of plan.clusters) {
        const kinds = plan.gitops!.clusters.find((g) => g.cluster === c.name)!.units.map((u) => u.kind);
        const istiod = c.role === 'primary' || c.remotePilotAddress !== undefined;
        expect(kinds).toEqual([
          spec.istio.installer === 'sail' ? 'sail-operator' : 'istio-base',
          'mesh-bundle',
          ...(istiod ? ['istiod'] : []),
          ...(c.eastWestGateway ? ['istio-eastwestgateway'] : []),
        ]);
      }
    }));
  });

  test('the plan waits for every unit exactly once, in its order, after the cluster\'s root object', () => {
    fc.assert(fc.property(arbGitOpsMesh, (spec) => {
      const plan = planMesh(spec);
      const commands = planSteps(plan).flatMap((s) => s.commands);
      for (const g of plan.gitops!.clusters) {
        const root = commands.findIndex((cmd) => cmd.endsWith(`/${g.cluster}/${spec.gitops!.tool}/root.yaml`));
        const at = g.units.map((u) => commands.findIndex((cmd) => cmd.includes(` ${u.name} `) || cmd.includes(`kustomization/${u.name} `)));
        expect(root).toBeGreaterThanOrEqual(0);
        expect(at.every((i) => i > root)).toBe(true);
        expect([...at].sort((a, b) => a - b)).toEqual(at);
        for (const u of g.units) expect(commands.filter((cmd) => cmd.includes(` ${u.name} `) || cmd.includes(`kustomization/${u.name} `))).toHaveLength(1);
      }
    }), { numRuns: 60 });
  });
});
