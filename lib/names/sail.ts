/** Names and releases of the Sail operator that the spec checks and the constructs share. */

/** The name the Sail docs give the Istio resource of a cluster (`istio/default`). */
export const SAIL_ISTIO_NAME = 'default';

/**
 * The Istio releases the vendored Sail operator CRD (crds/sail/sailoperator.io_istios.yaml,
 * sail-operator 1.30.3) accepts in `Istio.spec.version` (without the leading "v" and
 * without the `-latest` aliases). Kept here rather than read from the generated
 * imports so that validating a spec does not load the 0.9 MB Sail import;
 * test/sail/sail.test.ts checks it against the CRD.
 */
export const SAIL_ISTIO_VERSIONS: readonly string[] = [
  '1.30.3', '1.30.2', '1.30.1', '1.30.0', '1.29.6', '1.29.5', '1.29.4', '1.29.3', '1.29.2', '1.29.1',
  '1.29.0', '1.28.10', '1.28.9', '1.28.8', '1.28.7', '1.28.6', '1.28.5', '1.28.4', '1.28.3', '1.28.2',
  '1.28.1', '1.28.0', '1.27.9', '1.27.8', '1.27.7', '1.27.6', '1.27.5', '1.27.4', '1.27.3', '1.27.2',
  '1.27.1', '1.27.0', '1.26.8', '1.26.7', '1.26.6', '1.26.5', '1.26.4', '1.26.3', '1.26.2', '1.26.1',
  '1.26.0', '1.25.5', '1.25.4', '1.25.3', '1.25.2', '1.25.1', '1.24.6', '1.24.5', '1.24.4', '1.24.3',
  '1.24.2', '1.24.1', '1.24.0', '1.23.6', '1.23.5', '1.23.4', '1.23.3', '1.23.2', '1.22.8', '1.22.7',
  '1.22.6', '1.22.5', '1.21.6',
];
