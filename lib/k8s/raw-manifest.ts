import { Construct } from 'constructs';

export interface RawManifestProps {
  /** Kubernetes objects as multi-document YAML, written as they are. */
  readonly text: string;
}

/**
 * A file of Kubernetes objects copied as text, not rebuilt object by object: for large
 * upstream files (Istio's CRDs, 0.9 MB) that meshgen passes on unchanged, where parsing and
 * re-serialising would cost most of a synth. Added to a BundleChart with `addFile`, it
 * becomes that file verbatim (after meshgen's header line); it creates no ApiObject, so
 * cdk8s validations and overlays do not see its objects.
 */
export class RawManifest extends Construct {
  public readonly text: string;

  constructor(scope: Construct, id: string, props: RawManifestProps) {
    super(scope, id);
    this.text = props.text.endsWith('\n') ? props.text : `${props.text}\n`;
  }
}
