import * as YAML from 'yaml';

/** Serializes Kubernetes objects as one multi-document YAML file, deterministically. */
export function toYamlDocuments(objects: readonly unknown[]): string {
  return objects.map((o) => YAML.stringify(o, { lineWidth: 0, indent: 2, indentSeq: true, aliasDuplicateObjects: false })).join('---\n');
}
