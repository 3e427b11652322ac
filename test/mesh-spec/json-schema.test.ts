import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { CHECKS_BEYOND_SCHEMA } from '../../lib/mesh-spec/beyond-schema';
import { MESH_SCHEMA_FILE, meshJsonSchema, meshJsonSchemaText } from '../../lib/mesh-spec/json-schema';
import { ROOT } from '../helpers';

describe('schemas/mesh.schema.json', () => {
  test('GIVEN the validator\'s definitions THEN the committed schema is what they generate (npm run schema:update)', () => {
    const committed = fs.readFileSync(path.join(ROOT, MESH_SCHEMA_FILE), 'utf8');
    expect(committed === meshJsonSchemaText()).toBe(true);
  });

  test('GIVEN the schema THEN it is valid draft-07 that ajv compiles in strict mode, and the package ships it', () => {
    const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
    expect(ajv.validateSchema(meshJsonSchema())).toBe(true);
    expect(() => ajv.compile(meshJsonSchema())).not.toThrow();
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.files.some((f: string) => f === 'schemas' || f === MESH_SCHEMA_FILE)).toBe(true);
  });

  test('GIVEN the schema THEN it describes every field, with enums, defaults and name patterns', () => {
    const s = meshJsonSchema() as any;
    const cluster = s.properties.spec.properties.clusters.items;
    expect(cluster.required).toEqual(['name', 'network', 'role']);
    expect(cluster.properties.name.pattern).toBe('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$');
    expect(cluster.properties.role.enum).toEqual(['primary', 'remote']);
    expect(s.properties.spec.properties.istio.properties.installer).toMatchObject({ enum: ['istioctl', 'helm', 'sail', null], default: 'istioctl' });
    expect(s.properties.spec.properties.ca.properties.keySize).toMatchObject({ default: 4096, multipleOf: 1024 });
    expect(s.$comment).toContain(CHECKS_BEYOND_SCHEMA.map((c) => c.name).join(', '));
    // docs/spec.md "Schema" lists the checks beyond the schema as the code does.
    const docs = fs.readFileSync(path.join(ROOT, 'docs', 'spec.md'), 'utf8');
    for (const c of CHECKS_BEYOND_SCHEMA) expect(docs).toContain(`| \`${c.name}\` | ${c.description} |`);
    // Every property (outside the istiod values tree) carries a description.
    const undescribed: string[] = [];
    const visit = (node: any, at: string) => {
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries<any>(node.properties ?? {})) {
        if (!v.description && k !== 'kind' && !at.includes('tolerations')) undescribed.push(`${at}.${k}`);
        visit(v, `${at}.${k}`);
      }
      if (node.items) visit(node.items, `${at}[]`);
    };
    visit(s, '');
    expect(undescribed).toEqual([]);
  });
});
