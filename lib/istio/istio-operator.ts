import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioOperator as IstioOperatorImport } from '../../imports/install.istio.io';

/**
 * The part of the IstioOperator (install.istio.io/v1alpha1) spec that meshgen writes.
 * The vendored CRD (crd-operator.yaml) declares no fields, so `cdk8s import` gives an
 * untyped object that drops `spec`; these types follow istio/api's
 * operator/v1alpha1 IstioOperatorSpec instead.
 */
export interface IstioOperatorSpec {
  /** Installation profile, e.g. `default`, `remote`, `empty`. */
  readonly profile?: string;
  readonly revision?: string;
  /** Namespace the control plane is installed into. */
  readonly namespace?: string;
  readonly components?: IstioOperatorComponents;
  /** Helm values passed through to the charts (`values.global.meshID` ...). */
  readonly values?: Record<string, unknown>;
  readonly meshConfig?: Record<string, unknown>;
}

export interface IstioOperatorComponents {
  readonly ingressGateways?: readonly Record<string, unknown>[];
  readonly egressGateways?: readonly Record<string, unknown>[];
  readonly [component: string]: unknown;
}

export interface IstioOperatorResourceProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec: IstioOperatorSpec;
}

/** An IstioOperator object for `istioctl install -f`, with a typed spec. */
export class IstioOperatorResource extends ApiObject {
  constructor(scope: Construct, id: string, props: IstioOperatorResourceProps) {
    super(scope, id, { ...IstioOperatorImport.GVK, metadata: props.metadata, spec: props.spec });
  }
}
