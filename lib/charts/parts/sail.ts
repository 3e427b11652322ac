import { Construct } from 'constructs';
import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';
import { SAIL_FILES, SAIL_REVISION_TAGS_FILE, sailIstioFile } from '../../names/bundle-layout';
import { SailRevisionTag } from '../../sail/istio-revision-tag';
import { revisionsOf } from '../../plan/revisions';
import { SAIL_GITOPS_DIRS } from '../../names/gitops';
import { SailEastWestGateway } from '../../sail/east-west-gateway';
import { eastWestGatewayPin } from '../../metallb/service-pin';
import { SailPrimaryIstio, SailRemoteIstio } from '../../sail/istio';
import { SAIL_ZTUNNEL_NAMESPACE } from '../../names/ambient';
import { AMBIENT_FILES } from '../../names/bundle-layout';
import { SailIstioCni } from '../../sail/istio-cni';
import { SailZTunnel } from '../../sail/ztunnel';
import { istioPlatformValue, splitCniValues } from '../../mesh-spec/istio-values';

/**
 * The control plane and east-west gateway of a cluster whose Istio the Sail operator
 * installs: the `Istio` resource and the gateway's plain objects, both in the
 * kustomization (no istioctl step). With spec.gitops each goes into its own directory
 * with its own kustomization.yaml (`istio/`, `gateway/`), which Argo CD or Flux sync after
 * the bundle and after each other: the gateway's pod needs a Ready istiod to inject it.
 */
export function addSailControlPlane(chart: BundleChart, mesh: MeshPlan, cluster: ClusterPlan, trustRoots?: readonly string[]): void {
  const namespace = mesh.istio.namespace;
  const version = mesh.istio.version;
  const ambient = mesh.istio.dataplane === 'ambient';
  const platform = istioPlatformValue(mesh.istio.platform);
  const { istiod: values, cni: cniValues } = splitCniValues(cluster.istioValues);
  const settings = {
    ...(Object.keys(values).length > 0 ? { values } : {}),
    ...(mesh.istio.cni ? { cni: true } : {}),
    ...(platform ? { platform } : {}),
  };
  // One IstioCNI per cluster: spec.istio.cni (before the Istio resource, as Sail's docs
  // order them) and/or ambient mode (profile ambient; the Sail docs' ambient steps:
  // IstioCNI and ZTunnel, each with its namespace, then Istio).
  if (mesh.istio.cni || ambient) {
    chart.addFile(AMBIENT_FILES.istioCni, 'kustomize', new SailIstioCni(chart, 'SailIstioCni', {
      version,
      ...(ambient ? { profile: 'ambient' as const } : {}),
      ...(cniValues ? { cniValues } : {}),
      ...(platform ? { platform } : {}),
    }));
  }
  if (ambient) {
    chart.addFile(AMBIENT_FILES.ztunnel, 'kustomize', new SailZTunnel(chart, 'SailZTunnel', {
      version, clusterName: cluster.name, network: cluster.network, istioNamespace: namespace,
    }));
  }
  const gitops = mesh.gitops !== undefined;
  const place = <T extends Construct>(file: string, dir: string, construct: T, resources: readonly string[] = [file]): T => {
    if (!gitops) return chart.addFile(file, 'kustomize', construct);
    if (file === resources[0]) chart.addDataFile(`${dir}/kustomization.yaml`, { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources });
    return chart.addFile(`${dir}/${file}`, 'gitops', construct);
  };
  const installed = cluster.role === 'primary' || cluster.remotePilotAddress !== undefined;
  // One Istio resource per revision (spec.istio.revision, then the canary), named after it
  // (InPlace: its IstioRevision has the same name), then the IstioRevisionTags; with
  // spec.gitops all of them in the istio/ directory.
  const revisions = revisionsOf(mesh.istio);
  const tags = Object.entries(mesh.istio.tags ?? {});
  const istioFiles = [...revisions.map((r) => sailIstioFile(r.name)), ...(tags.length > 0 ? [SAIL_REVISION_TAGS_FILE] : [])];
  for (const rev of installed ? revisions : []) {
    const id = rev.canary ? `SailIstio-${rev.name}` : 'SailIstio';
    const common = { ...settings, version: rev.version, namespace, ...(rev.name ? { name: rev.name } : {}) };
    const file = sailIstioFile(rev.name);
    if (cluster.role === 'primary') {
      place(file, SAIL_GITOPS_DIRS.istio, new SailPrimaryIstio(chart, id, {
        ...common,
        meshId: mesh.meshId,
        clusterName: cluster.name,
        network: cluster.network,
        externalIstiod: cluster.externalIstiod,
        ...(trustRoots ? { trustRoots } : {}),
        ...(mesh.istio.dataplane === 'ambient' ? { ambient: { ztunnelNamespace: SAIL_ZTUNNEL_NAMESPACE } } : {}),
      }), istioFiles);
    } else {
      // Without the primary's gateway address nothing is written (see README).
      place(file, SAIL_GITOPS_DIRS.istio, new SailRemoteIstio(chart, id, {
        ...common,
        clusterName: cluster.name,
        network: cluster.network,
        remotePilotAddress: cluster.remotePilotAddress!,
      }), istioFiles);
    }
  }
  if (installed && tags.length > 0) {
    const holder = new Construct(chart, 'SailRevisionTags');
    for (const [tag, istio] of tags) new SailRevisionTag(holder, tag, { tag, istio });
    place(SAIL_REVISION_TAGS_FILE, SAIL_GITOPS_DIRS.istio, holder, istioFiles);
  }
  // In ambient mode the east-west gateway is a Gateway API Gateway (parts/ambient.ts).
  if (cluster.eastWestGateway && mesh.istio.dataplane !== 'ambient') {
    place(SAIL_FILES.eastWestGateway, SAIL_GITOPS_DIRS.gateway, new SailEastWestGateway(chart, 'SailEastWestGateway', {
      network: cluster.network,
      namespace,
      ...(cluster.eastWestGatewaySettings ? { settings: cluster.eastWestGatewaySettings } : {}),
      addressPin: eastWestGatewayPin(cluster),
      ...(mesh.istio.revision ? { revision: mesh.istio.revision } : {}),
    }));
  }
}
