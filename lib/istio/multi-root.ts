/*
 * Trusting more than one root during a root rotation (docs/ca.md "Rotating the root").
 *
 * Where Istio reads what meshgen writes (istio/istio):
 * - `ISTIO_MULTIROOT_MESH` is an istiod (pilot) environment variable:
 *   pilot/pkg/features/pilot.go registers `MultiRootMesh = env.Register("ISTIO_MULTIROOT_MESH",
 *   false, ...)`; with it, pilot/pkg/bootstrap/server.go builds the workload trust bundle
 *   from istiod's CA root plus `meshConfig.caCertificates` and pushes it to the proxies
 *   as ProxyConfig (PCDS), and accepts a `cacerts` root-cert.pem that adds or drops a root.
 *   So it goes into the control plane's `pilot.env`.
 * - The proxies take that bundle only when their agent subscribes to PCDS:
 *   pilot/cmd/pilot-agent/options/agent.go registers `PROXY_CONFIG_XDS_AGENT` ("agent
 *   retrieves dynamic proxy-config updates via xds channel"), and pkg/istio-agent's XDS
 *   proxy then adds the ProxyConfig's caCertificatesPem to its trust bundle. Proxies get
 *   it through `meshConfig.defaultConfig.proxyMetadata`, as in Istio's own multi-root
 *   test (tests/integration/security/ca_custom_root/main_test.go: pilot env
 *   ISTIO_MULTIROOT_MESH, proxyMetadata PROXY_CONFIG_XDS_AGENT "true", caCertificates).
 *   ISTIO_MULTIROOT_MESH itself is not read by pilot-agent.
 * - Remotes need none of it: their pods are injected by the primary's istiod (the
 *   remote's webhook calls it at `istiodRemote.injectionPath`, so the primary's
 *   `defaultConfig.proxyMetadata` is what their proxies get) and their proxies fetch
 *   configuration, PCDS included, from the primary's istiod. Only primaries are changed.
 */

/** One entry of `meshConfig.caCertificates`. */
export interface MeshCaCertificate {
  readonly pem: string;
}

/** The meshConfig of a primary that trusts every root in `roots` (the mesh root first). */
export function multiRootMeshConfig(roots: readonly string[]): {
  caCertificates: MeshCaCertificate[];
  defaultConfig: { proxyMetadata: { PROXY_CONFIG_XDS_AGENT: string } };
} {
  return {
    caCertificates: roots.map((pem) => ({ pem })),
    defaultConfig: { proxyMetadata: { PROXY_CONFIG_XDS_AGENT: 'true' } },
  };
}

/** The istiod environment variable that turns multi-root trust on. */
export const MULTIROOT_ENV = 'ISTIO_MULTIROOT_MESH';
