import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { PrometheusFederationConfig, PrometheusFederationService } from '../../lib/kiali/prometheus-federation';
import { validateObject } from '../../lib/schema';
import { upstream } from '../helpers';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

/** The Kiali tutorial's federate job, placeholders filled in. */
function kialiFederateJob(cluster: string, address: string): any {
  const [cm] = upstream('kiali/prometheus.yaml');
  const job = YAML.parse(cm.data['prometheus.yml']).scrape_configs.find((j: any) => j.job_name === 'federate-CLUSTER_NAME');
  return JSON.parse(JSON.stringify(job).replace(/CLUSTER_NAME/g, cluster).replace(/WEST_PROMETHEUS_ADDRESS/g, address));
}

describe('PrometheusFederationConfig', () => {
  const config = (targets = [{ cluster: 'west', address: '192.168.49.31' }, { cluster: 'north', address: 'prom.example.com' }]) =>
    synth((c) => new PrometheusFederationConfig(c, 'p', { targets }))[0];

  test('THEN each federate-<cluster> job equals the Kiali tutorial\'s, placeholders filled in', () => {
    const jobs = YAML.parse(config().data['prometheus.yml']).scrape_configs;
    expect(jobs[0]).toEqual(kialiFederateJob('north', 'prom.example.com'));
    expect(jobs[1]).toEqual(kialiFederateJob('west', '192.168.49.31'));
  });

  test('THEN honor_labels, /federate, match[]={job="kubernetes-pods"}, <address>:9090 and cluster=<name>', () => {
    const [, west] = YAML.parse(config().data['prometheus.yml']).scrape_configs;
    expect(west.honor_labels).toBe(true);
    expect(west.metrics_path).toBe('/federate');
    expect(west.params).toEqual({ 'match[]': ['{job="kubernetes-pods"}'] });
    expect(west.static_configs).toEqual([{ targets: ['192.168.49.31:9090'], labels: { cluster: 'west' } }]);
  });

  test('THEN it replaces the addon\'s ConfigMap `prometheus` and still scrapes the local pods (job kubernetes-pods, which the federation matches)', () => {
    const cm = config();
    expect([cm.kind, cm.metadata.name, cm.metadata.namespace]).toEqual(['ConfigMap', 'prometheus', 'istio-system']);
    const jobs = YAML.parse(cm.data['prometheus.yml']).scrape_configs.map((j: any) => j.job_name);
    expect(jobs).toEqual(['federate-north', 'federate-west', 'prometheus', 'kubernetes-pods']);
    expect(validateObject(cm)).toEqual([]);
  });

  test('GIVEN an IPv6 address THEN the target is bracketed', () => {
    const cm = config([{ cluster: 'west', address: 'fd00::31' }]);
    expect(YAML.parse(cm.data['prometheus.yml']).scrape_configs[0].static_configs[0].targets).toEqual(['[fd00::31]:9090']);
  });

  test('fails to build without a cluster to federate', () => {
    expect(() => config([])).toThrow(/no cluster to federate/);
  });
});

describe('PrometheusFederationService', () => {
  test('THEN a LoadBalancer prometheus-federation on 9090 selecting the addon\'s pods, valid', () => {
    const [svc] = synth((c) => new PrometheusFederationService(c, 's'));
    expect([svc.metadata.name, svc.metadata.namespace, svc.spec.type]).toEqual(['prometheus-federation', 'istio-system', 'LoadBalancer']);
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 9090, targetPort: 9090, protocol: 'TCP' }]);
    expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/component': 'server', 'app.kubernetes.io/instance': 'prometheus', 'app.kubernetes.io/name': 'prometheus' });
    expect(svc.metadata.annotations).toBeUndefined();
    expect(validateObject(svc)).toEqual([]);
  });

  test('GIVEN an address on MetalLB THEN it is pinned by annotation (>= 0.13) or spec.loadBalancerIP (older)', () => {
    const [a] = synth((c) => new PrometheusFederationService(c, 's', { address: '172.18.255.231', metallb: 'annotation' }));
    expect(a.metadata.annotations).toEqual({ 'metallb.universe.tf/loadBalancerIPs': '172.18.255.231' });
    expect(a.spec.loadBalancerIP).toBeUndefined();
    const [b] = synth((c) => new PrometheusFederationService(c, 's', { address: '192.168.49.31', metallb: 'loadBalancerIP' }));
    expect(b.spec.loadBalancerIP).toBe('192.168.49.31');
    expect(validateObject(b)).toEqual([]);
  });
});
