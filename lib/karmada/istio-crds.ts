import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { findProjectRoot } from '../schema/registry';

/** The pinned Istio CRDs (see NOTICE), relative to the project root. */
export const ISTIO_CRDS_FILE = 'crds/istio/crd-all.gen.yaml';

export interface IstioCrdsProps {
  /** The CRD file. @default the vendored crds/istio/crd-all.gen.yaml */
  readonly file?: string;
}

/**
 * Istio's CustomResourceDefinitions, object by object from the pinned
 * `crd-all.gen.yaml` (the CRDs of the istio/base chart, which the Karmada guide's
 * `istioctl manifest generate --set profile=remote --set values.global.configCluster=true`
 * also renders), so that the karmada-apiserver accepts Istio resources. Sorted by name.
 */
export class IstioCrds extends Construct {
  public readonly names: readonly string[];

  constructor(scope: Construct, id: string, props: IstioCrdsProps = {}) {
    super(scope, id);
    const file = props.file ?? path.join(findProjectRoot(), ISTIO_CRDS_FILE);
    const crds = readCrds(file);
    if (crds.length === 0) throw new Error(`${file}: holds no CustomResourceDefinition`);
    for (const crd of crds) new ApiObject(this, crd.metadata.name, crd);
    this.names = crds.map((c) => c.metadata.name);
  }
}

/** Parsed CRD files (the vendored one is ~850 KB of YAML), kept while the file is unchanged. Never mutated. */
const parsed = new Map<string, { readonly stamp: string; readonly crds: readonly any[] }>();

function readCrds(file: string): readonly any[] {
  const st = fs.statSync(file);
  const stamp = `${st.mtimeMs}:${st.size}`;
  const cached = parsed.get(file);
  if (cached?.stamp === stamp) return cached.crds;
  const crds = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((d) => d.toJS())
    .filter((o) => o && o.kind === 'CustomResourceDefinition')
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  parsed.set(file, { stamp, crds });
  return crds;
}
