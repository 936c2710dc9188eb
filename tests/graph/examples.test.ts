import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExampleQueries } from '../../src/http/graphiql.js';
import { startHarness, type Harness } from '../helpers.js';

/** The example queries shipped in GraphiQL and docs/queries/ run against the embedded data. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const examples = await loadExampleQueries();

describe('docs/queries examples', () => {
  it('ships at least five examples, each with a description', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const e of examples) expect(e.description.length).toBeGreaterThan(20);
  });

  for (const example of examples) {
    it(`runs ${example.name} without errors and returns data`, async () => {
      const res = await h.query(example.query);
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      const data = JSON.stringify(res.body.data);
      expect(data).not.toBe('null');
      // Lists in the examples are never empty on the embedded data.
      expect(data).not.toMatch(/"(edges|awards|suppliers)":\[\]/);
    });
  }
});
