// Writes config/stage.schema.json (editor completion) and docs/config-reference.md
// (every field with its type, default and allowed values) from the zod schema.
// `npm test` checks both are current (test/config/schema.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configReference, stageJsonSchema } from '../lib/config/json-schema';

const root = path.join(__dirname, '..');
fs.writeFileSync(path.join(root, 'config', 'stage.schema.json'), `${JSON.stringify(stageJsonSchema(), null, 2)}\n`);
fs.writeFileSync(path.join(root, 'docs', 'config-reference.md'), configReference());
console.log('wrote config/stage.schema.json and docs/config-reference.md');
