import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

describe('codegen', () => {
  it('has generated resolver types that match schema/*.graphql (run `npm run codegen` when this fails)', async () => {
    const outputs = (await generate({ ...config, silent: true }, false)) as {
      filename: string;
      content: string;
    }[];
    expect(outputs).toHaveLength(1);
    const [output] = outputs;
    expect(output?.filename).toBe('resolvers/generated/types.ts');
    const onDisk = readFileSync(new URL('../../resolvers/generated/types.ts', import.meta.url), 'utf8');
    expect(onDisk).toBe(output?.content);
  });
});
