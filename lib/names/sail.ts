/** The name the Sail docs give the Istio resource of a cluster (`istio/default`). */
export const SAIL_ISTIO_NAME = 'default';
