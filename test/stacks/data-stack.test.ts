import { buildTestStage, nagFindings, templateOf } from '../helpers';

const { stage } = buildTestStage();
const t = templateOf(stage.data);

test('DB-6 the stack declares an Aurora PostgreSQL cluster', () => {
  t.hasResourceProperties('AWS::RDS::DBCluster', { Engine: 'aurora-postgresql' });
});

test('nag', () => {
  expect(nagFindings(stage.data)).toEqual([]);
});
