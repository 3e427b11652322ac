import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** The argocd-cm key of the Application health check (Argo CD's health docs, "Argocd App"). */
export const APPLICATION_HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';
/** The argocd-cm key of the Sail operator's Istio health check (Argo CD has none built in). */
export const SAIL_ISTIO_HEALTH_KEY = 'resource.customizations.health.sailoperator.io_Istio';

/**
 * Argo CD removed the health assessment of Applications in 1.8 (argo-cd#3781): without it a
 * child Application counts as Healthy as soon as it exists, and the parent's sync waves do
 * not wait for anything. This is the check Argo CD's docs give to restore it.
 */
export const APPLICATION_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil then
  if obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then
      hs.message = obj.status.health.message
    end
  end
end
return hs
`;

/** Healthy when the Sail operator reports the Istio resource Ready for its current generation. */
export const SAIL_ISTIO_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = "Waiting for the Istio resource to be Ready"
if obj.status ~= nil and obj.status.conditions ~= nil then
  if obj.status.observedGeneration ~= nil and obj.metadata.generation ~= nil and obj.status.observedGeneration < obj.metadata.generation then
    return hs
  end
  for i, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" then
      if condition.status == "True" then
        hs.status = "Healthy"
      end
      if condition.message ~= nil and condition.message ~= "" then
        hs.message = condition.message
      end
    end
  end
end
return hs
`;

export interface ArgoCdHealthChecksProps {
  /** The namespace Argo CD runs in. */
  readonly argoNamespace: string;
  /** Add the Sail operator's Istio check (the sail installer). @default false */
  readonly sailIstio?: boolean;
}

/**
 * The argocd-cm keys meshgen's sync waves need, as a partial ConfigMap to apply with
 * server-side apply (`kubectl apply --server-side --field-manager=meshgen`), which adds
 * these keys and leaves every other key of argocd-cm alone.
 */
export class ArgoCdHealthChecks extends Construct {
  constructor(scope: Construct, id: string, props: ArgoCdHealthChecksProps) {
    super(scope, id);
    new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'argocd-cm',
        namespace: props.argoNamespace,
        labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' },
      },
      data: {
        [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA,
        ...(props.sailIstio ? { [SAIL_ISTIO_HEALTH_KEY]: SAIL_ISTIO_HEALTH_LUA } : {}),
      },
    });
  }
}
