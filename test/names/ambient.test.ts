import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { GATEWAY_API_VERSION, gatewayApiCrdsCommand } from '../../lib/names/ambient';
import { ROOT } from '../helpers';

describe('GATEWAY_API_VERSION', () => {
  test('GIVEN the vendored Gateway API CRDs THEN each is the standard channel of GATEWAY_API_VERSION', () => {
    const dir = path.join(ROOT, 'crds', 'gateway-api');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
    expect(files.map((f) => f.replace(/^gateway\.networking\.k8s\.io_|\.yaml$/g, ''))).toEqual([
      'backendtlspolicies', 'gatewayclasses', 'gateways', 'grpcroutes', 'httproutes', 'referencegrants',
    ]);
    for (const f of files) {
      const crd = YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      expect([f, crd.kind, crd.metadata.annotations['gateway.networking.k8s.io/bundle-version'], crd.metadata.annotations['gateway.networking.k8s.io/channel']])
        .toEqual([f, 'CustomResourceDefinition', GATEWAY_API_VERSION, 'standard']);
    }
  });

  test('GIVEN a context THEN the install command is the Istio guide\'s, pinned to the vendored version', () => {
    expect(gatewayApiCrdsCommand('ctx1')).toBe(
      'kubectl get crd gateways.gateway.networking.k8s.io --context=ctx1 > /dev/null 2>&1 || ' +
      '{ kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f - --context=ctx1; }',
    );
  });
});
