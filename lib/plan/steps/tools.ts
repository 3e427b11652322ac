import { ISTIO_HELM_REPO } from '../../names/helm';
import { MeshPlan } from '../planner';
import { PlanStep, run, runUnless, step } from './step';

/** The workstation's istioctl, then the tool the installer needs: the Sail operator per cluster, or Istio's Helm repository. */
export function toolSteps(mesh: MeshPlan): PlanStep[] {
  const version = mesh.istio.version;
  const steps: PlanStep[] = [step({
    id: 'istioctl',
    title: `Use istioctl ${version} (the release the bundles are written for)`,
    actions: [run('istioctl', 'version', '--remote=false')],
    note: `install it with: curl -L https://istio.io/downloadIstio | ISTIO_VERSION=${version} sh -` +
      (mesh.istio.installer === 'istioctl' ? '' : '; with this installer istioctl is used only for the verification (istioctl remote-clusters)'),
    makes: [{ kind: 'cli', name: 'istioctl' }],
  })];
  const canary = mesh.istio.canary;
  if (canary && mesh.istio.installer === 'istioctl') {
    // The canary's IstioOperator is installed with its own release's istioctl (Istio's canary upgrade guide).
    steps.push(istioctlReleaseStep(canary.version, `the ${canary.revision} control plane is installed with it, the ${mesh.istio.revision ?? 'default'} one with istioctl ${version}`));
  }
  // With spec.gitops the controller installs the operator or the charts (lib/plan/steps/gitops.ts).
  if (mesh.gitops) return steps;
  if (mesh.istio.installer === 'sail') {
    for (const c of mesh.clusters) {
      steps.push(step({
        id: `sail-operator.${c.name}`,
        cluster: c.name,
        title: `Install the Sail operator (a release that supports Istio v${version})`,
        actions: [
          run('helm', 'repo', 'add', 'sail-operator', 'https://istio-ecosystem.github.io/sail-operator'),
          run('helm', 'repo', 'update', 'sail-operator'),
          run('helm', 'upgrade', '--install', 'sail-operator', 'sail-operator/sail-operator', '--version', version,
            '--namespace', 'sail-operator', '--create-namespace', '--kube-context', c.context, '--wait'),
        ],
        note: 'the operator also installs Istio\'s CRDs, which the bundle\'s Gateway objects need; OLM (OperatorHub) works too',
        makes: [{ kind: 'sail-operator', cluster: c.name }, { kind: 'crds', cluster: c.name }],
      }));
    }
  } else if (mesh.istio.installer === 'helm') {
    steps.push(step({
      id: 'helm-repo',
      title: `Add Istio's Helm repository (charts ${version})`,
      actions: [run('helm', 'repo', 'add', 'istio', ISTIO_HELM_REPO), run('helm', 'repo', 'update', 'istio')],
      note: 'the commands below install with the helm CLI; with spec.gitops, Argo CD or Flux install the same charts instead',
      makes: [{ kind: 'helm-repo' }],
    }));
  }
  return steps;
}

/** The istioctl binary of another release than the one on the PATH: `istio-<version>/bin/istioctl`, downloaded by istioctlReleaseStep. */
export function istioctlBinary(version: string): `istio-${string}/bin/istioctl` {
  return `istio-${version}/bin/istioctl`;
}

/** Download istioctl `version` into ./istio-<version> (Istio's downloadIstio) unless it is there. */
export function istioctlReleaseStep(version: string, why: string): PlanStep {
  const bin = istioctlBinary(version);
  return step({
    id: `istioctl-${version.replace(/[^0-9A-Za-z]+/g, '-')}`,
    title: `Download istioctl ${version} into ./istio-${version} unless it is there`,
    actions: [runUnless([bin, 'version', '--remote=false'], ['curl', '-sL', 'https://istio.io/downloadIstio'], ['env', `ISTIO_VERSION=${version}`, 'sh', '-'])],
    note: why,
    makes: [{ kind: 'cli', name: bin }],
  });
}
