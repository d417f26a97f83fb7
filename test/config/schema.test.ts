import * as fs from 'node:fs';
import * as path from 'node:path';
import { configReference, stageJsonSchema } from '../../lib/config/json-schema';
import { ROOT } from '../helpers';

test('config/stage.schema.json is generated from the zod schema (run `npm run schema`)', () => {
  const onDisk = JSON.parse(fs.readFileSync(path.join(ROOT, 'config', 'stage.schema.json'), 'utf8'));
  expect(onDisk).toEqual(JSON.parse(JSON.stringify(stageJsonSchema())));
});

test('docs/config-reference.md is generated from the zod schema (run `npm run schema`)', () => {
  expect(fs.readFileSync(path.join(ROOT, 'docs', 'config-reference.md'), 'utf8')).toBe(configReference());
});
