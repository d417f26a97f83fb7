// The stage cache keeps one entry per stage file: replacing `example`'s must not delete `example-internal`'s, or
// every change to the public example would cost the internal one a new synth too.
import { isEntryOf } from '../../lib/compliance/stage-cache';

describe('PROOF-3 stage cache entries', () => {
  test('an entry is <stem>-<16 hex digits> of its own stem only', () => {
    expect(isEntryOf('example', 'example-46d470eed960ce1a')).toBe(true);
    expect(isEntryOf('example', 'example-internal-46d470eed960ce1a')).toBe(false);
    expect(isEntryOf('example-internal', 'example-internal-46d470eed960ce1a')).toBe(true);
    expect(isEntryOf('example', '.example-mzE76J')).toBe(false);
    expect(isEntryOf('example', 'example-46d470eed960ce1')).toBe(false);
  });
});
