// Jest gives every test file its own module registry: each file that touches the CDK
// loads aws-cdk-lib again (1-2 s) and builds the example stages again (about 1.5 s
// per stage). Suites that need the CDK are therefore specs (`*.spec.ts`, mirroring
// lib/) required from two test files, one per jest worker, which share one load and
// one build per stage through test/helpers.ts. A `describe` per suite keeps test and
// snapshot names saying which stack or construct they check.

describe('network stack', () => {
  require('./stacks/network-stack.spec');
});
describe('dns stack', () => {
  require('./stacks/dns-stack.spec');
});
describe('data stack', () => {
  require('./stacks/data-stack.spec');
});
describe('SecureDatabase construct', () => {
  require('./constructs/database/secure-database.spec');
});
describe('backup stack', () => {
  require('./stacks/backup-stack.spec');
});
describe('LockedVault construct', () => {
  require('./constructs/backup/locked-vault.spec');
});
describe('recovery stack', () => {
  require('./stacks/recovery-stack.spec');
});
describe('compliance over the real stages', () => {
  require('./compliance/real-stages.spec');
});
