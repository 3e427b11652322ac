import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/**
 * Where a file of a bundle goes:
 * - `kustomize`: plain manifests, listed in the bundle's kustomization.yaml;
 * - `istioctl`: IstioOperator files under `istioctl/`, for `istioctl install -f`;
 * - `argocd`: Argo CD Applications under `argocd/`, applied to the Argo CD cluster;
 * - `gitops`: other files a GitOps controller syncs by path (`flux/`, sail's `istio/` and
 *   `gateway/`), not in the bundle's kustomization;
 * - `verify`: files under `verify/`, listed in `verify/kustomization.yaml` (applied
 *   once the mesh is up);
 * - `kiali`: files under `kiali/`, listed in `kiali/kustomization.yaml` (applied once
 *   the Kiali operator is installed).
 */
export type BundleSection = 'kustomize' | 'istioctl' | 'argocd' | 'gitops' | 'verify' | 'kiali';

/** One file of a bundle and the construct whose objects it holds. */
export interface BundleFileEntry {
  /** Path relative to the bundle directory, e.g. `expose-istiod.yaml`. */
  readonly path: string;
  readonly section: BundleSection;
  readonly construct: IConstruct;
}

/** A file of plain YAML data (e.g. Helm values), not Kubernetes objects. */
export interface BundleDataFile {
  /** Path relative to the bundle directory, e.g. `helm/istiod.values.yaml`. */
  readonly path: string;
  readonly data: Record<string, unknown>;
}

const BUNDLE_CHART = Symbol.for('meshgen.BundleChart');

/**
 * A cdk8s Chart that renders to one bundle directory (`<out>/<target>/`). Each
 * concept added with `addFile` becomes one readable, stable file; its validation
 * (run by `Chart.toJson()`) fails when an object of the chart is in no file.
 */
export class BundleChart extends Chart {
  /**
   * Whether `x` is a BundleChart. Use this, not `instanceof`: cdk8s' Chart answers
   * `instanceof` for every chart class with `Chart.isChart`, so `x instanceof BundleChart`
   * holds for any Chart.
   */
  public static isBundleChart(x: unknown): x is BundleChart {
    return x !== null && typeof x === 'object' && BUNDLE_CHART in x;
  }

  /** The bundle directory name under the output directory (a cluster name). */
  public readonly target: string;
  private readonly entries: BundleFileEntry[] = [];
  private readonly data: BundleDataFile[] = [];

  constructor(scope: Construct, id: string, target: string) {
    super(scope, id, { disableResourceNameHashes: true });
    this.target = target;
    Object.defineProperty(this, BUNDLE_CHART, { value: true });
    this.node.addValidation({ validate: () => this.unfiledObjects() });
  }

  /** Records that the objects under `construct` are written to `path`. */
  public addFile<T extends IConstruct>(path: string, section: BundleSection, construct: T): T {
    if (this.entries.some((e) => e.path === path)) throw new Error(`bundle ${this.target}: file ${path} added twice`);
    this.entries.push({ path, section, construct });
    return construct;
  }

  public get files(): readonly BundleFileEntry[] {
    return this.entries;
  }

  /**
   * Records a file that holds plain YAML data rather than Kubernetes objects (a Helm
   * values file). It is not listed in the kustomization.
   */
  public addDataFile(path: string, data: Record<string, unknown>): void {
    if (this.entries.some((e) => e.path === path) || this.data.some((d) => d.path === path)) {
      throw new Error(`bundle ${this.target}: file ${path} added twice`);
    }
    this.data.push({ path, data });
  }

  public get dataFiles(): readonly BundleDataFile[] {
    return this.data;
  }

  /** An error per object of this chart that no `addFile` construct holds: it would be written nowhere. */
  private unfiledObjects(): string[] {
    const filed = new Set(this.entries.flatMap((e) => e.construct.node.findAll()));
    return this.node.findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === this && !filed.has(c))
      .map((o) => `bundle ${this.target}: ${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.name} is in no file; add its construct with addFile`);
  }
}
