/**
 * The `JSON` scalar: any JSON value is written as it is; anything JSON cannot hold is refused, not dropped
 * or changed on the way out; and it is never taken as input.
 */
import { getNamedType, isInputObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { JsonScalar } from '../../resolvers/common.js';
import { buildGatewaySchema } from '../../src/schema.js';

describe('JSON scalar', () => {
  it('writes JSON values as they are, nested ones included', () => {
    const value = {
      ocid: 'ocds-xxxxxx-json-9',
      n: 0,
      neg: -1.5,
      flag: false,
      none: null,
      list: [1, 'two', [3], { four: 4 }],
      x_extension: { deep: { deeper: ['kept'] } },
    };
    expect(JsonScalar.serialize(value)).toBe(value);
    for (const leaf of [null, true, 'text', 42, []]) expect(JsonScalar.serialize(leaf)).toBe(leaf);
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(JsonScalar.serialize(bare)).toBe(bare);
  });

  it('refuses what JSON cannot hold, naming where it is', () => {
    expect(() => JsonScalar.serialize(undefined)).toThrow(/at \/ \(undefined\)/);
    expect(() => JsonScalar.serialize({ tender: { value: { amount: Number.NaN } } })).toThrow(
      /at \/tender\/value\/amount \(number\)/,
    );
    expect(() => JsonScalar.serialize([1, Infinity])).toThrow(/at \/1/);
    expect(() => JsonScalar.serialize({ date: new Date(0) })).toThrow(/at \/date \(object\)/);
    expect(() => JsonScalar.serialize({ m: new Map() })).toThrow(/at \/m/);
    expect(() => JsonScalar.serialize({ f: () => 1 })).toThrow(/at \/f \(function\)/);
    expect(() => JsonScalar.serialize({ big: 1n })).toThrow(/at \/big \(bigint\)/);
    expect(() => JsonScalar.serialize({ missing: undefined })).toThrow(/at \/missing/);
  });

  it('is never input', () => {
    expect(() => JsonScalar.parseValue({})).toThrow(/output type/);
    expect(() => JsonScalar.parseLiteral({ kind: 'StringValue', value: '{}' } as never, {})).toThrow(
      /output type/,
    );
    // Neither an argument nor an input field of the schema has the type.
    const schema = buildGatewaySchema();
    const inputs = Object.values(schema.getTypeMap()).flatMap((t) => [
      ...(isInputObjectType(t) ? Object.values(t.getFields()) : []),
      ...(isObjectType(t) ? Object.values(t.getFields()).flatMap((f) => f.args) : []),
    ]);
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.filter((a) => getNamedType(a.type).name === 'JSON')).toEqual([]);
  });

  it('is the type of the fields that give a process whole', () => {
    const process = buildGatewaySchema().getType('ContractingProcess');
    if (!isObjectType(process)) throw new Error('ContractingProcess is not an object type');
    const fields = process.getFields();
    expect(String(fields['compiledRelease']?.type)).toBe('JSON');
    expect(String(fields['versionedRelease']?.type)).toBe('JSON');
  });
});
