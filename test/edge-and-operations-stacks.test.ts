// See test/stateful-stacks.test.ts for why stack suites are specs gathered here.

describe('dns stack', () => {
  require('./stacks/dns-stack.spec');
});
describe('app stack', () => {
  require('./stacks/app-stack.spec');
});
describe('edge stack', () => {
  require('./stacks/edge-stack.spec');
});
describe('detection stacks', () => {
  require('./stacks/detection-stack.spec');
});
describe('mail stack', () => {
  require('./stacks/mail-stack.spec');
});
describe('compliance over the real stages', () => {
  require('./compliance/real-stages.spec');
});
