/**
 * A platform team's cdk8s app that uses meshgen as a library: meshgen's constructs go into
 * the team's own Chart, beside the team's own objects, and `cdk8s synth` writes one
 * manifest per chart (dist/cluster1.k8s.yaml). For meshgen's per-cluster layout
 * (dist/<cluster>/..., kustomization.yaml) use BundleChart and synthBundles instead
 * (docs/library.md).
 */
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { EastWestGateway, ExposeServices, IstioNamespace, MemberPropagation } from 'meshgen';

export interface PlatformChartProps extends ChartProps {
  /** The cluster's network (label topology.istio.io/network). */
  readonly network: string;
}

/** One cluster's mesh entry point: Istio's namespace, the east-west gateway and the team's settings. */
export class PlatformChart extends Chart {
  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id, { ...props, disableResourceNameHashes: true });
    new IstioNamespace(this, 'IstioNamespace', { network: props.network });
    new EastWestGateway(this, 'EastWestGateway', { network: props.network });
    new ExposeServices(this, 'ExposeServices');
    // The team's own objects, beside meshgen's (here with cdk8s-plus-27, which shares cdk8s and constructs).
    new kplus.ConfigMap(this, 'Settings', {
      metadata: { name: 'platform-settings', namespace: 'istio-system' },
      data: { network: props.network },
    });
    new MemberPropagation(this, 'SettingsPropagation', {
      name: 'platform-settings',
      namespace: 'istio-system',
      resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'platform-settings' }],
      clusterNames: ['member1', 'member2'],
    });
  }
}

const app = new App();
new PlatformChart(app, 'cluster1', { network: 'network1' });
app.synth();
