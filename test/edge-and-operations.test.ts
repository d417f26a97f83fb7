// See test/stateful.test.ts for why CDK suites are specs gathered in two files.

describe('app stack', () => {
  require('./stacks/app-stack.spec');
});
describe('app constructs', () => {
  require('./constructs/app/app-constructs.spec');
});
describe('edge stack', () => {
  require('./stacks/edge-stack.spec');
});
describe('EdgeWebAcl construct', () => {
  require('./constructs/edge/web-acl.spec');
});
describe('detection stacks', () => {
  require('./stacks/detection-stack.spec');
});
describe('mail stack', () => {
  require('./stacks/mail-stack.spec');
});
