// Writes config/stage.schema.json from the zod schema, for editor completion.
// `npm test` checks it is current (test/config/schema.test.ts).
import * as fs from 'fs';
import * as path from 'path';
import { stageJsonSchema } from '../lib/config/json-schema';

const out = path.join(__dirname, '..', 'config', 'stage.schema.json');
fs.writeFileSync(out, `${JSON.stringify(stageJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
