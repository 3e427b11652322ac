import { Construct } from 'constructs';
import { injectionRevOf } from '../plan/revisions';
import { NamespaceNetworkOverride } from '../karmada/cluster-override-policy';
import { IstioCrdsFile } from '../karmada/istio-crds';
import { IstioNamespaceTemplate } from '../karmada/namespace-template';
import { MemberOverride } from '../karmada/override-policy';
import { MemberPropagation } from '../karmada/propagation-policy';
import { CACERTS_PROPAGATION, CACERTS_SECRET_NAME, VERIFY_JOB_NAME } from '../names/objects';
import { MeshPlan } from '../plan/planner';
import { BundleChart } from './bundle-chart';
import { KARMADA_FILES, VERIFY_FILES } from '../names/bundle-layout';
import { KARMADA_BUNDLE } from '../mesh-spec/karmada';
import { HELLOWORLD_PORT, Helloworld } from '../verify/helloworld';
import { SampleClient } from '../verify/sample-client';
import { SampleNamespace } from '../verify/sample-namespace';
import { HelloworldVerifyJob, verifyScript } from '../verify/verify-job';

/** The cluster name the propagated Job's template is rendered with; every member's OverridePolicy replaces it. */
export const KARMADA_JOB_TEMPLATE_CLUSTER = 'karmada-template';

/**
 * The bundle of the Karmada control plane, `<out>/karmada/`, applied to the
 * karmada-apiserver: the Istio namespace (which Karmada propagates to every member)
 * with a ClusterOverridePolicy per member for its network label, the PropagationPolicy
 * of the `cacerts` Secret (the Secret and its per-member OverridePolicies hold keys and
 * go to the secrets output), Istio's CRDs and, when asked, the verification workload
 * with its policies under `verify/`.
 */
export class KarmadaChart extends BundleChart {
  constructor(scope: Construct, id: string, props: { readonly mesh: MeshPlan }) {
    super(scope, id, KARMADA_BUNDLE);
    const { mesh } = props;
    const karmada = mesh.karmada!;
    const namespace = mesh.istio.namespace;
    const members = mesh.clusters.map((c) => c.name);

    if (karmada.namespace) {
      // No network label here: it differs per member and comes from the overrides.
      this.addFile(KARMADA_FILES.namespace, 'kustomize', new IstioNamespaceTemplate(this, 'Namespace', { name: namespace }));
      const labels = new Construct(this, 'NetworkLabels');
      for (const c of mesh.clusters) {
        new NamespaceNetworkOverride(labels, c.name, {
          namespace,
          member: c.name,
          network: c.network,
          form: karmada.networkLabel,
          ...(c.primary ? { controlPlaneClusters: [c.primary] } : {}),
        });
      }
      this.addFile(KARMADA_FILES.networkLabels, 'kustomize', labels);
    }
    if (karmada.cacerts) {
      this.addFile(KARMADA_FILES.cacertsPropagation, 'kustomize', new MemberPropagation(this, 'CacertsPropagation', {
        name: CACERTS_PROPAGATION,
        namespace,
        resourceSelectors: [{ apiVersion: 'v1', kind: 'Secret', name: CACERTS_SECRET_NAME }],
        clusterNames: members,
      }));
    }
    if (karmada.istioCrds) this.addFile(KARMADA_FILES.istioCrds, 'kustomize', new IstioCrdsFile(this, 'IstioCrds'));
    if (karmada.verify && mesh.verify) this.addVerify(mesh, members);
  }

  /**
   * The verification workload, propagated: helloworld's Service and the client to every
   * member, each helloworld Deployment to the members spec.verify puts it on, the Job to
   * every member with an OverridePolicy per member giving the Job's script its name.
   */
  private addVerify(mesh: MeshPlan, members: readonly string[]): void {
    const v = mesh.verify!;
    const ns = v.namespace;
    const ambient = mesh.istio.dataplane === 'ambient';
    const rev = injectionRevOf(mesh.istio);
    this.addFile(VERIFY_FILES.namespace, 'verify', new SampleNamespace(this, 'SampleNamespace', { name: ns, ...(ambient ? { dataplane: 'ambient' as const } : {}), ...(rev ? { rev } : {}) }));
    this.addFile(VERIFY_FILES.helloworld, 'verify', new Helloworld(this, 'Helloworld', { namespace: ns, versions: v.expected, ...(ambient ? { global: true } : {}) }));
    this.addFile(VERIFY_FILES.client, 'verify', new SampleClient(this, 'SampleClient', { name: v.client, namespace: ns }));
    this.addFile(VERIFY_FILES.job, 'verify', new HelloworldVerifyJob(this, 'VerifyJob', {
      cluster: KARMADA_JOB_TEMPLATE_CLUSTER, expected: v.expected, requests: v.requests, namespace: ns, ...(ambient ? { ambient } : {}),
    }));
    const policies = new Construct(this, 'VerifyPropagation');
    new MemberPropagation(policies, 'Common', {
      name: 'helloworld',
      namespace: ns,
      resourceSelectors: [
        { apiVersion: 'v1', kind: 'Service', name: 'helloworld' },
        { apiVersion: 'v1', kind: 'ServiceAccount', name: v.client },
        { apiVersion: 'v1', kind: 'Service', name: v.client },
        { apiVersion: 'apps/v1', kind: 'Deployment', name: v.client },
      ],
      clusterNames: members,
    });
    for (const version of v.expected) {
      new MemberPropagation(policies, version, {
        name: `helloworld-${version}`,
        namespace: ns,
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: `helloworld-${version}` }],
        clusterNames: v.clusters.filter((c) => c.versions.includes(version)).map((c) => c.cluster),
      });
    }
    const job = { apiVersion: 'batch/v1', kind: 'Job', name: VERIFY_JOB_NAME };
    new MemberPropagation(policies, 'Job', { name: VERIFY_JOB_NAME, namespace: ns, resourceSelectors: [job], clusterNames: members });
    for (const member of members) {
      new MemberOverride(policies, `Job-${member}`, {
        name: `${VERIFY_JOB_NAME}-${member}`,
        namespace: ns,
        resourceSelector: job,
        member,
        plaintext: [{
          path: '/spec/template/spec/containers/0/command/2',
          operator: 'replace',
          value: verifyScript(member, `helloworld.${ns}:${HELLOWORLD_PORT}`, v.expected, v.requests, ambient),
        }],
      });
    }
    this.addFile(KARMADA_FILES.verifyPropagation, 'verify', policies);
  }
}
