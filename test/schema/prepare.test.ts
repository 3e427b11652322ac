import { prepareCrdSchema, prepareSchema } from '../../lib/schema';

describe('prepareSchema', () => {
  test('closes objects that list their properties', () => {
    // GIVEN
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } };
    // WHEN
    const out = prepareSchema(schema, { emptyObjectsAreClosed: false }) as any;
    // THEN
    expect(out.additionalProperties).toBe(false);
    expect(out.properties.spec.additionalProperties).toBe(false);
  });

  test('leaves open preserve-unknown-fields, maps and the members of oneOf/anyOf/allOf', () => {
    // GIVEN
    const schema = {
      type: 'object',
      properties: {
        values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        either: { type: 'object', properties: { a: { type: 'string' } }, oneOf: [{ properties: { a: { type: 'string' } } }] },
      },
    };
    // WHEN
    const out = prepareSchema(schema, { emptyObjectsAreClosed: true }) as any;
    // THEN
    expect(out.properties.values.additionalProperties).toBeUndefined();
    expect(out.properties.labels.additionalProperties).toEqual({ type: 'string' });
    expect(out.properties.either.oneOf[0].additionalProperties).toBeUndefined();
    expect(out.properties.either.additionalProperties).toBe(false);
  });

  test('int-or-string accepts an integer or a string', () => {
    // GIVEN
    const crdStyle = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
    const formatStyle = { type: 'string', format: 'int-or-string' };
    // WHEN / THEN
    expect(prepareSchema(crdStyle, { emptyObjectsAreClosed: true })).toEqual({ 'x-kubernetes-int-or-string': true, type: ['integer', 'string'] });
    expect(prepareSchema(formatStyle, { emptyObjectsAreClosed: true })).toEqual({ type: ['integer', 'string'] });
  });

  test('drops unknown formats, descriptions, CEL rules and nullable without type', () => {
    // GIVEN
    const schema = { type: 'string', format: 'isbn', description: 'd', 'x-kubernetes-validations': [{ rule: 'true' }], properties: { n: { nullable: true } } };
    // WHEN
    const out = prepareSchema(schema, { emptyObjectsAreClosed: false }) as any;
    // THEN
    expect(out).toEqual({ type: 'string', properties: { n: {} }, additionalProperties: false });
  });

  test('a CRD schema gets apiVersion, kind and a Kubernetes ObjectMeta', () => {
    // WHEN
    const out = prepareCrdSchema({ type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }) as any;
    // THEN
    expect(Object.keys(out.properties).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(out.properties.metadata.$ref).toMatch(/#\/definitions\/io\.k8s\.apimachinery\.pkg\.apis\.meta\.v1\.ObjectMeta$/);
  });
});
