import * as fc from 'fast-check';
import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { planMesh } from '../../../lib/plan/planner';
import { checkPlanOrder } from '../../../lib/plan/steps/order';
import { formatPlanScript } from '../../../lib/plan/steps/script';
import { planSteps } from '../../../lib/plan/steps/steps';

/**
 * Random valid meshes: every installer, 1..30 clusters, primaries and remotes on shared
 * and separate networks, gateway addresses given or not, MetalLB, explicit meshNetworks,
 * Karmada, Kiali (with Prometheus federation), verify, and the CA modes.
 */
const arbInput = fc.record({
  size: fc.integer({ min: 1, max: 30 }),
  networks: fc.integer({ min: 1, max: 4 }),
  seed: fc.array(fc.nat(), { minLength: 150, maxLength: 150 }),
  installer: fc.constantFrom('istioctl', 'sail', 'helm'),
  ca: fc.constantFrom('generated', 'cert-manager', 'none'),
  explicit: fc.boolean(),
  karmada: fc.option(fc.subarray(['namespace', 'cacerts', 'verify']), { nil: undefined }),
  kiali: fc.option(fc.boolean(), { nil: undefined }),
  verify: fc.boolean(),
  includeSecrets: fc.boolean(),
}).map((r) => {
  const clusters: any[] = [];
  for (let i = 0; i < r.size; i++) {
    const primaries = clusters.filter((c) => c.role === 'primary');
    const isPrimary = i === 0 || r.seed[i] % 3 === 0;
    const metallb = r.seed[i + 30] % 4 === 0;
    clusters.push({
      name: `c${i}`,
      network: `net${r.seed[i + 60] % r.networks}`,
      role: isPrimary ? 'primary' : 'remote',
      ...(isPrimary ? {} : { primary: primaries[r.seed[i + 90] % primaries.length].name }),
      ...(r.seed[i + 120] % 2 === 0 ? { eastWestGateway: { address: `10.${i}.0.1` } } : {}),
      ...(metallb ? { loadBalancer: { metallb: { addresses: [`10.${i}.0.1-10.${i}.0.50`], legacyConfigMap: r.seed[i] % 2 === 0 } } } : {}),
    });
  }
  const kialiHome = clusters.find((c) => c.role === 'primary').name;
  const spec: any = {
    istio: { installer: r.installer },
    ca: { mode: r.ca },
    clusters,
    ...(r.explicit ? { meshNetworks: 'explicit' } : {}),
    ...(r.verify ? { verify: {} } : {}),
    ...(r.kiali !== undefined ? {
      kiali: {
        cluster: kialiHome,
        ...(r.kiali ? { federation: Object.fromEntries(clusters.filter((c, i) => c.name !== kialiHome && i % 2 === 0).map((c) => [c.name, `10.${c.name.slice(1)}.0.20`])) } : {}),
      },
    } : {}),
    // cacerts needs the CA in files and the namespace propagated with it (the spec checker says so)
    ...(r.karmada !== undefined ? {
      federation: {
        karmada: {
          propagate: r.karmada.filter((p) => (p !== 'verify' || r.verify) && (p !== 'cacerts' || (r.ca === 'generated' && r.karmada!.includes('namespace')))),
        },
      },
    } : {}),
  };
  return { input: { apiVersion: 'meshgen/v1alpha1', kind: 'Mesh', metadata: { name: 'mesh1' }, spec }, includeSecrets: r.includeSecrets };
});

/**
 * The seed of this run's properties: random, as fast-check's own (it prints it on a failure), but
 * one for all, so that the properties over `arbInput` check the same random meshes (each its own
 * number of them) and each mesh is validated, planned and put into steps once.
 */
const SEED = Math.floor(Math.random() * 0x7fffffff);

const plans = new Map<string, ReturnType<typeof planMesh> | undefined>();
const defaultSteps = new WeakMap<ReturnType<typeof planMesh>, ReturnType<typeof planSteps>>();

/** The spec validates (some combinations are refused by the checker: those are not plans). Never mutated. */
function plan(input: any) {
  const key = JSON.stringify(input);
  if (!plans.has(key)) {
    try {
      plans.set(key, planMesh(validateMeshSpec(input)));
    } catch {
      plans.set(key, undefined);
    }
  }
  return plans.get(key);
}

/** planSteps(p) with the default options, once per plan. */
function stepsOf(p: ReturnType<typeof planMesh>) {
  if (!defaultSteps.has(p)) defaultSteps.set(p, planSteps(p));
  return defaultSteps.get(p)!;
}

describe('planSteps properties', () => {
  test('almost every generated mesh is valid (the properties below are not vacuous)', () => {
    const samples = fc.sample(arbInput, { numRuns: 200, seed: 42 });
    expect(samples.filter((s) => plan(s.input) !== undefined).length).toBeGreaterThan(150);
  });

  test('every plan passes the order checker, its ids are unique and its script renders', () => {
    fc.assert(fc.property(arbInput, ({ input, includeSecrets }) => {
      const p = plan(input);
      fc.pre(p !== undefined);
      const steps = planSteps(p!, { includeSecrets });
      expect(checkPlanOrder(steps)).toEqual([]);
      expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
      expect(formatPlanScript(p!, steps)).toContain(`TOTAL=${steps.length}\n`);
    }), { numRuns: 150, seed: SEED });
  });

  test('every remote\'s east-west gateway comes after its primary applies the remote secrets and after the webhook has its caBundle', () => {
    fc.assert(fc.property(arbInput, ({ input }) => {
      const p = plan(input);
      fc.pre(p !== undefined);
      const steps = stepsOf(p!);
      const at = (pred: (s: typeof steps[number]) => boolean) => steps.findIndex(pred);
      // every step that must come first and does not (one expect per mesh, not two per remote)
      const late = p!.clusters.filter((c) => c.role === 'remote' && c.eastWestGateway).flatMap((r) => {
        const gateway = at((s) => s.makes.some((f) => f.kind === 'east-west-gateway' && f.cluster === r.name));
        return [`remote-secrets.${r.primary}`, `injection-webhook.${r.name}`]
          .map((id) => ({ id, at: at((s) => s.id === id), gateway: `${r.name}: ${gateway}` }))
          .filter((x) => !(x.at < gateway));
      });
      expect(late).toEqual([]);
    }), { numRuns: 100, seed: SEED });
  });

  test('the steps do not depend on the order of clusters in the spec', () => {
    fc.assert(fc.property(arbInput, fc.nat(), ({ input }, k) => {
      const p = plan(input);
      fc.pre(p !== undefined);
      const shuffled = JSON.parse(JSON.stringify(input));
      const cs = shuffled.spec.clusters;
      shuffled.spec.clusters = [...cs.slice(k % cs.length), ...cs.slice(0, k % cs.length)];
      const view = (steps: ReturnType<typeof planSteps>) => steps.map((s) => [s.id, s.commands]);
      expect(view(planSteps(plan(shuffled)!))).toEqual(view(stepsOf(p!)));
    }), { numRuns: 50 });
  });

  test('the number of steps grows linearly with the clusters (no step per pair of clusters)', () => {
    fc.assert(fc.property(arbInput, ({ input }) => {
      const p = plan(input);
      fc.pre(p !== undefined);
      expect(stepsOf(p!).length).toBeLessThanOrEqual(6 + 14 * p!.clusters.length);
    }), { numRuns: 100, seed: SEED });
  });
});
