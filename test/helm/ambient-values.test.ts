import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { istioChartReleases } from '../../lib/helm/values';
import { ROOT } from '../helpers';

/** A chart's values.yaml (Istio 1.30.3): the keys under `_internal_defaults_do_not_set` are what users set. */
function chartDefaults(chart: string): Record<string, any> {
  const text = fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/istio/charts', chart, 'values.yaml'), 'utf8');
  return YAML.parse(text)._internal_defaults_do_not_set;
}

/** Every leaf path of `values` that the chart's defaults do not know (`profile` is the charts' zzz_profile.yaml input). */
function unknownPaths(values: Record<string, any>, defaults: Record<string, any>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (!prefix && k === 'profile') continue;
    if (!(k in defaults)) out.push(p);
    else if (v && typeof v === 'object' && !Array.isArray(v) && defaults[k] && typeof defaults[k] === 'object' && Object.keys(defaults[k]).length > 0) {
      out.push(...unknownPaths(v, defaults[k], p));
    }
  }
  return out;
}

describe('istioChartReleases in ambient mode', () => {
  const releases = istioChartReleases({ role: 'primary', meshId: 'mesh1', clusterName: 'cluster1', network: 'network1', eastWestGateway: true, ambient: true });
  const byChart = new Map(releases.map((r) => [r.chart, r]));

  test('GIVEN a primary THEN base, istiod, cni, ztunnel in the guide\'s order, and no istio/gateway release', () => {
    expect(releases.map((r) => [r.chart, r.releaseName, r.valuesFile])).toEqual([
      ['base', 'istio-base', 'base.values.yaml'],
      ['istiod', 'istiod', 'istiod.values.yaml'],
      ['cni', 'istio-cni', 'istio-cni.values.yaml'],
      ['ztunnel', 'ztunnel', 'ztunnel.values.yaml'],
    ]);
  });

  test('GIVEN a primary THEN istiod has the guide\'s --set values: profile ambient, env.AMBIENT_ENABLE_MULTI_NETWORK, meshID/clusterName/network', () => {
    expect(byChart.get('istiod')!.values).toEqual({
      global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' },
      profile: 'ambient',
      env: { AMBIENT_ENABLE_MULTI_NETWORK: 'true' },
    });
    expect(byChart.get('cni')!.values).toEqual({ profile: 'ambient' });
    expect(byChart.get('ztunnel')!.values).toEqual({ multiCluster: { clusterName: 'cluster1' }, network: 'network1' });
  });

  test.each([['istiod', 'istiod'], ['cni', 'istio-cni'], ['ztunnel', 'ztunnel']])('GIVEN the %s values THEN every key is one the chart\'s values.yaml knows', (chart, dir) => {
    expect(unknownPaths(byChart.get(chart as any)!.values, chartDefaults(dir))).toEqual([]);
  });

  test('GIVEN another namespace THEN ztunnel is told where istiod is (istioNamespace), a key the chart knows', () => {
    const r = istioChartReleases({ role: 'primary', meshId: 'm', clusterName: 'c', network: 'n', namespace: 'mesh-system', eastWestGateway: true, ambient: true });
    const zt = r.find((x) => x.chart === 'ztunnel')!;
    expect(zt.values).toEqual({ multiCluster: { clusterName: 'c' }, network: 'n', istioNamespace: 'mesh-system' });
    expect(unknownPaths(zt.values, chartDefaults('ztunnel'))).toEqual([]);
  });

  test('fails the key check on a misspelt key (the check itself works)', () => {
    expect(unknownPaths({ multiCluster: { clustername: 'c' }, netwrok: 'n' }, chartDefaults('ztunnel'))).toEqual(['multiCluster.clustername', 'netwrok']);
  });
});
