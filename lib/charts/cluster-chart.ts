import { Construct } from 'constructs';
import { ControlPlaneSettings, PrimaryControlPlane, RemoteControlPlane } from '../istio/control-plane';
import { EastWestGateway } from '../istio/east-west-gateway';
import { eastWestGatewayPin } from '../metallb/service-pin';
import { ExposeIstiod } from '../istio/expose-istiod';
import { ExposeServices } from '../istio/expose-services';
import { CertManagerIstioCa } from '../pki/cert-manager';
import { RemoteSecretReader } from '../istio/remote-secret-reader';
import { IstioNamespace } from '../k8s/istio-namespace';
import { ClusterPlan, MeshPlan } from '../plan/planner';
import { isReadByPrimary } from '../plan/remote-secrets';
import { BundleChart } from './bundle-chart';
import { CLUSTER_FILES, controlPlaneFile, REVISION_TAGS_FILE } from '../names/bundle-layout';
import { cniNamespace, istioPlatformValue } from '../mesh-spec/istio-values';
import { RevisionTag } from '../istio/revision-tag';
import { revisionsOf } from '../plan/revisions';
import { chartParts } from './parts/registry';

export interface ClusterChartProps {
  readonly mesh: MeshPlan;
  readonly cluster: ClusterPlan;
  /** During a root rotation: the roots every primary trusts, the mesh root first (spec.ca.additionalRoots). */
  readonly trustRoots?: readonly string[];
}

/**
 * Everything one cluster of the mesh gets, as the bundle `<out>/<cluster>/`:
 * the control-plane namespace, the control plane and east-west gateway in the form
 * the installer takes (istioctl: IstioOperator files; sail: an `Istio` resource and
 * plain gateway objects; helm: chart values and Argo CD Applications) and the Istio
 * objects that expose istiod and services.
 */
export class ClusterChart extends BundleChart {
  constructor(scope: Construct, id: string, props: ClusterChartProps) {
    super(scope, id, props.cluster.name);
    const { mesh, cluster } = props;
    const namespace = mesh.istio.namespace;
    const ambient = mesh.istio.dataplane === 'ambient';

    if (!mesh.karmada?.namespace) {
      // With spec.federation.karmada the namespace is propagated from the karmada-apiserver.
      this.addFile(CLUSTER_FILES.namespace, 'kustomize', new IstioNamespace(this, 'Namespace', {
        name: namespace,
        network: cluster.network,
        ...(cluster.primary ? { controlPlaneClusters: [cluster.primary] } : {}),
      }));
    }

    if (mesh.ca.mode === 'cert-manager') {
      this.addFile(CLUSTER_FILES.certManager, 'kustomize', new CertManagerIstioCa(this, 'CertManagerCa', {
        clusterName: cluster.name,
        namespace,
        rootSecretName: mesh.ca.rootSecretName,
        issuerName: mesh.ca.rootSecretName,
        duration: `${mesh.ca.intermediateDays * 24}h`,
        keySize: mesh.ca.keySize,
      }));
    }

    const platform = istioPlatformValue(mesh.istio.platform);
    const cniNs = cniNamespace(mesh.istio.platform, namespace);
    // spec.istio.values, cni and platform, for the istioctl control plane.
    const settings: ControlPlaneSettings = {
      ...(cluster.istioValues ? { values: cluster.istioValues } : {}),
      ...(mesh.istio.cni ? { cni: cniNs !== namespace ? { namespace: cniNs } : {} } : {}),
      ...(platform ? { platform } : {}),
    };
    if (mesh.istio.installer === 'sail') {
      chartParts.sail().addSailControlPlane(this, mesh, cluster, props.trustRoots);
    } else if (mesh.istio.installer === 'helm') {
      chartParts.helm().addHelmControlPlane(this, mesh, cluster, props.trustRoots);
    } else {
      this.addIstioctlControlPlanes(props, settings);
    }

    if (ambient) chartParts.ambient().addAmbientEastWestGateway(this, mesh, cluster);
    if (cluster.eastWestGateway && mesh.istio.installer === 'istioctl' && !ambient) {
      this.addFile(CLUSTER_FILES.eastWestGateway, 'istioctl', new EastWestGateway(this, 'EastWestGateway', {
        network: cluster.network,
        namespace,
        ...(cluster.eastWestGatewaySettings ? { settings: cluster.eastWestGatewaySettings } : {}),
        addressPin: eastWestGatewayPin(cluster),
        ...(mesh.istio.revision ? { revision: mesh.istio.revision } : {}),
      }));
    }
    if (cluster.exposeIstiod) {
      const revisions = revisionsOf(mesh.istio).flatMap((r) => (r.name ? [r.name] : []));
      this.addFile(CLUSTER_FILES.exposeIstiod, 'kustomize', new ExposeIstiod(this, 'ExposeIstiod', {
        namespace,
        ...(revisions.length > 0 ? { revisions } : {}),
      }));
    }
    if (cluster.exposeServices) {
      this.addFile(CLUSTER_FILES.exposeServices, 'kustomize', new ExposeServices(this, 'ExposeServices', { namespace }));
    }
    if (isReadByPrimary(mesh, cluster)) {
      // Some primary reads this cluster: the reader's token for `meshgen remote-secret`.
      this.addFile(CLUSTER_FILES.remoteSecretReader, 'kustomize', new RemoteSecretReader(this, 'RemoteSecretReader', { namespace }));
    }
    if (cluster.metallb) chartParts.metallb().addMetalLb(this, cluster);
    if (mesh.kiali) chartParts.kiali().addKiali(this, mesh, cluster);
    if (mesh.verify && !mesh.karmada?.verify) chartParts.verify().addVerify(this, mesh, cluster);
    if (mesh.gitops) chartParts.gitops().addGitOps(this, mesh, cluster, props.trustRoots);
  }

  /**
   * istioctl: an IstioOperator per revision (spec.istio.revision, then spec.istio.canary),
   * each in its own file, and the revision tags (spec.istio.tags) as `istioctl tag set` makes them.
   */
  private addIstioctlControlPlanes(props: ClusterChartProps, settings: ControlPlaneSettings): void {
    const { mesh, cluster } = props;
    const namespace = mesh.istio.namespace;
    const ambient = mesh.istio.dataplane === 'ambient';
    // Without the primary's gateway address nothing is written for a remote: the
    // renderer reports the missing address instead of writing a placeholder.
    if (cluster.role === 'remote' && !cluster.remotePilotAddress) return;
    for (const rev of revisionsOf(mesh.istio)) {
      const id = rev.canary ? `ControlPlane-${rev.name}` : 'ControlPlane';
      const revision = rev.name ? { revision: rev.name } : {};
      if (cluster.role === 'primary') {
        this.addFile(controlPlaneFile(rev.name), 'istioctl', new PrimaryControlPlane(this, id, {
          ...settings,
          meshId: mesh.meshId,
          clusterName: cluster.name,
          network: cluster.network,
          externalIstiod: cluster.externalIstiod,
          namespace,
          ...(mesh.meshNetworks ? { meshNetworks: mesh.meshNetworks } : {}),
          ...(props.trustRoots ? { trustRoots: props.trustRoots } : {}),
          ...(ambient ? { ambient } : {}),
          ...revision,
        }));
      } else {
        this.addFile(controlPlaneFile(rev.name), 'istioctl', new RemoteControlPlane(this, id, {
          ...settings,
          clusterName: cluster.name,
          network: cluster.network,
          remotePilotAddress: cluster.remotePilotAddress!,
          namespace,
          ...revision,
        }));
      }
    }
    const tags = Object.entries(mesh.istio.tags ?? {});
    if (tags.length > 0) {
      const holder = new Construct(this, 'RevisionTags');
      for (const [tag, revision] of tags) {
        new RevisionTag(holder, tag, { tag, revision, namespace, ...(cluster.injectionPath ? { injectionPath: cluster.injectionPath } : {}) });
      }
      this.addFile(REVISION_TAGS_FILE, 'istioctl', holder);
    }
  }
}
