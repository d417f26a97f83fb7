import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { validateStage } from '../../../lib/config/validate';
import { FargateApp, type FargateAppProps } from '../../../lib/constructs/app/fargate-app';
import { nagFindings, rawConfig, testStack } from '../../helpers';

type Options = Omit<FargateAppProps, 'vpc' | 'taskRole' | 'securityGroup' | 'environment'>;

/** GIVEN a Fargate app in a fresh stack, with the tasks' group and role it is handed by the data tier. */
function build(options: Options = {}) {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-3a', 'eu-west-3b'] });
  const app = new FargateApp(stack, 'App', {
    ...options,
    vpc,
    taskRole: new iam.Role(stack, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }),
    securityGroup: new ec2.SecurityGroup(stack, 'Tasks', { vpc, allowAllOutbound: false }),
    environment: { PGSSLMODE: 'verify-full' },
  });
  return { app, t: Template.fromStack(stack) };
}

describe('ORG-1 private ECR images', () => {
  test('the execution role may pull from that one repository only', () => {
    const { app, t } = build({ image: '111122223333.dkr.ecr.eu-west-3.amazonaws.com/booking/web:1.4.2' });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
            Resource: 'arn:aws:ecr:eu-west-3:111122223333:repository/booking/web',
          },
          { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        ]),
      },
    });
    expect(nagFindings(app)).toEqual([]);
  });

  test('a public image gives the execution role no ECR permission', () => {
    const { t } = build();
    expect(JSON.stringify(t.findResources('AWS::IAM::ManagedPolicy'))).not.toContain('ecr:');
  });
});

describe('ORG-5 FargateApp defaults', () => {
  test('without options it runs what the app config section defaults to (a default lives once)', () => {
    const defaults = validateStage(rawConfig()).app;
    const { app, t } = build();
    const [task] = Object.values(t.findResources('AWS::ECS::TaskDefinition'));
    expect(task.Properties).toMatchObject({ Cpu: String(defaults.cpu), Memory: String(defaults.memoryMiB) });
    expect(task.Properties.ContainerDefinitions[0]).toMatchObject({
      Image: defaults.image,
      PortMappings: [{ ContainerPort: defaults.containerPort, Protocol: 'tcp' }],
      ReadonlyRootFilesystem: defaults.readonlyRootFilesystem,
      MountPoints: defaults.writablePaths.map((ContainerPath, i) => ({
        ContainerPath,
        ReadOnly: false,
        SourceVolume: `scratch${i}`,
      })),
    });
    t.hasResourceProperties('AWS::ECS::Service', { DesiredCount: defaults.desiredCount });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: defaults.logRetentionDays });
    expect([app.containerPort, app.healthCheckPath]).toEqual([defaults.containerPort, defaults.healthCheckPath]);
  });

  test('the given size, count, port, paths and retention are used', () => {
    const { app, t } = build({
      cpu: 1024,
      memoryMiB: 2048,
      desiredCount: 3,
      containerPort: 9000,
      healthCheckPath: '/healthz',
      writablePaths: ['/tmp', '/var/cache/app'],
      logRetentionDays: 30,
    });
    const [task] = Object.values(t.findResources('AWS::ECS::TaskDefinition'));
    expect(task.Properties).toMatchObject({ Cpu: '1024', Memory: '2048' });
    expect(task.Properties.Volumes).toEqual([{ Name: 'scratch0' }, { Name: 'scratch1' }]);
    expect(task.Properties.ContainerDefinitions[0].PortMappings).toEqual([{ ContainerPort: 9000, Protocol: 'tcp' }]);
    t.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 3 });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    expect([app.containerPort, app.healthCheckPath]).toEqual([9000, '/healthz']);
  });
});
