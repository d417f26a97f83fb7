// Jest gives every test file its own module registry, so each file that builds the
// example stages builds them again (about 2 s per stage here). The stack suites are
// therefore specs (`*.spec.ts`, mirroring lib/stacks) required from two test files,
// which share one build per stage through test/helpers.ts; each file keeps a
// `describe` per stack, so test and snapshot names still say which stack they check.

describe('stage', () => {
  require('./stage.spec');
});
describe('cdk-nag', () => {
  require('./nag.spec');
});
describe('network stack', () => {
  require('./stacks/network-stack.spec');
});
describe('data stack', () => {
  require('./stacks/data-stack.spec');
});
describe('backup stack', () => {
  require('./stacks/backup-stack.spec');
});
describe('recovery stack', () => {
  require('./stacks/recovery-stack.spec');
});
