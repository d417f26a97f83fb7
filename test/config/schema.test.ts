import * as fs from 'node:fs';
import * as path from 'node:path';
import { configReference, stageJsonSchema } from '../../lib/config/json-schema';
import { ROOT } from '../config-helpers';

test('config/stage.schema.json is generated from the zod schema (run `npm run schema`)', () => {
  const onDisk = JSON.parse(fs.readFileSync(path.join(ROOT, 'config', 'stage.schema.json'), 'utf8'));
  expect(onDisk).toEqual(JSON.parse(JSON.stringify(stageJsonSchema())));
});

test('docs/config-reference.md is generated from the zod schema (run `npm run schema`)', () => {
  expect(fs.readFileSync(path.join(ROOT, 'docs', 'config-reference.md'), 'utf8')).toBe(configReference());
});

test('OPS-5 docs/config-reference.md describes every field (from its .describe(), the words of its JSDoc)', () => {
  const rows = configReference()
    .split('\n')
    .filter((l) => l.startsWith('| `'));
  expect(rows.length).toBeGreaterThan(100);
  expect(rows.filter((r) => r.split(' | ')[1].trim() === '')).toEqual([]);
  const schema = stageJsonSchema() as { properties: Record<string, { description?: string }> };
  expect(schema.properties.account.description).toBe('AWS account id the stage deploys to.');
});
