/**
 * The props checks of meshgen's constructs, on the checks of dns.ts: each returns the problem
 * of one prop as a line ("network: "Not A Valid Label!!" is not ...; use ..."), or undefined.
 * `validateProps` registers them with `node.addValidation`, so that `Chart.toJson()` and
 * `App.synth()` (which run every construct's validations) fail, each line prefixed by cdk8s
 * with the construct's path: `[cluster1/EastWestGateway] network: "..." is not ...`.
 * No imports of packages: a construct is typed by the one method used.
 */
import { addressProblem, isDnsLabel, isDnsSubdomain, isLabelValue } from './dns';

/** What `validateProps` needs of a construct (a `constructs` Construct). */
export interface ValidatedConstruct {
  readonly node: {
    addValidation(validation: { validate(): string[] }): void;
  };
}

/** A problem line or undefined (no problem). */
export type PropProblem = string | undefined;

/**
 * Adds one validation to `construct` reporting every problem `checks` returns (evaluated at
 * synth, after every prop has been given).
 */
export function validateProps(construct: ValidatedConstruct, checks: () => readonly PropProblem[]): void {
  construct.node.addValidation({
    validate: () => checks().filter((p): p is string => p !== undefined),
  });
}

const quote = (v: unknown) => JSON.stringify(v);

/** A DNS-1123 label (names of clusters, namespaces, meshes, service accounts). */
export function dnsLabelProblem(prop: string, value: string | undefined): PropProblem {
  if (value === undefined || isDnsLabel(value)) return undefined;
  return `${prop}: ${quote(value)} is not a DNS-1123 label; use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. cluster1)`;
}

/** A DNS-1123 subdomain (names of most objects: Secrets, policies). */
export function objectNameProblem(prop: string, value: string | undefined): PropProblem {
  if (value === undefined || isDnsSubdomain(value)) return undefined;
  return `${prop}: ${quote(value)} is not a valid object name; use lowercase letters, digits, '-' and '.', at most 253, starting and ending with a letter or digit (e.g. cacerts)`;
}

/** A network name: the value of the label topology.istio.io/network. */
export function networkProblem(prop: string, value: string | undefined): PropProblem {
  if (value === undefined || isLabelValue(value)) return undefined;
  return `${prop}: ${quote(value)} is not a valid network name; use letters, digits, '-', '_' or '.', at most 63, starting and ending with a letter or digit (e.g. network1)`;
}

/** The address of a host: an IP address or a DNS hostname. */
export function hostAddressProblem(prop: string, value: string | undefined): PropProblem {
  if (value === undefined) return undefined;
  const problem = addressProblem(value);
  return problem === undefined ? undefined : `${prop}: ${quote(value)} ${problem}; give an IP address or a DNS name (e.g. 192.0.2.10)`;
}

/** A count that must be a whole number of at least `min`. */
export function countProblem(prop: string, value: number | undefined, min = 1): PropProblem {
  if (value === undefined || (Number.isInteger(value) && value >= min)) return undefined;
  return `${prop}: ${quote(value)} is not a whole number of at least ${min}`;
}

/** Each item's problem, with its index in the prop's name. */
export function eachProblem<T>(prop: string, values: readonly T[] | undefined, check: (prop: string, v: T) => PropProblem): PropProblem[] {
  return (values ?? []).map((v, i) => check(`${prop}[${i}]`, v));
}

/** A list that must not be empty. */
export function nonEmptyProblem(prop: string, values: readonly unknown[] | undefined): PropProblem {
  return values !== undefined && values.length === 0 ? `${prop}: is empty; give at least one` : undefined;
}
