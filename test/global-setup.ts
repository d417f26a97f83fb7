// Jest global setup: synthesizes each example stage at most once per run (none when its cache is
// current), before the workers start, so that no two test files build the same stage.
import { exampleStage, INTERNAL, PUBLIC } from './stage/example-stage';

export default function globalSetup(): void {
  for (const file of [PUBLIC, INTERNAL]) exampleStage(file);
}
