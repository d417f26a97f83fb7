import { z } from 'zod';
import { stageSchema } from './schema';

/** JSON Schema of a stage file as operators write it (defaults optional). */
export function stageJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(stageSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Stage configuration of the secure booking platform',
  };
}
