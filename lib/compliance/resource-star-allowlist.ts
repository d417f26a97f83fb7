/**
 * The only IAM actions that may be allowed on `Resource: "*"` (ORG-1). Each entry
 * is an action whose service defines no resource type for it (the IAM Service
 * Authorization Reference lists it with no resource), so it cannot be scoped.
 * Adding an entry needs a reason a reviewer can check.
 */
export const RESOURCE_STAR_ALLOWLIST: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': 'X-Ray defines no resource type for trace segments.',
  'xray:PutTelemetryRecords': 'X-Ray defines no resource type for telemetry records.',
  'xray:GetSamplingRules': 'Read-only and global: X-Ray sampling rules are read by every instrumented process.',
  'xray:GetSamplingTargets': 'X-Ray defines no resource type for sampling targets.',
  'ec2:DescribeNetworkInterfaces': 'EC2 Describe* actions support no resource-level permissions.',
  'ec2:DescribeInstances': 'EC2 Describe* actions support no resource-level permissions.',
  'ec2:DescribeSubnets': 'EC2 Describe* actions support no resource-level permissions.',
  'ec2:DescribeSecurityGroups': 'EC2 Describe* actions support no resource-level permissions.',
  'ec2:DescribeVpcs': 'EC2 Describe* actions support no resource-level permissions.',
  'ec2:CreateNetworkInterface':
    'Lambda in a VPC: the interface does not exist before the call, so its ARN cannot be named.',
  'ec2:DeleteNetworkInterface': 'Lambda in a VPC: the interfaces are created by the service with unpredictable ids.',
  'ec2:AssignPrivateIpAddresses': 'Lambda in a VPC: the interfaces are created by the service with unpredictable ids.',
  'ec2:UnassignPrivateIpAddresses':
    'Lambda in a VPC: the interfaces are created by the service with unpredictable ids.',
  'logs:DescribeLogGroups': 'Listing log groups is account-wide; the action accepts no log-group ARN.',
  'guardduty:CreateDetector':
    'GuardDuty defines no resource type for CreateDetector (the detector does not exist before the call); the StackSet execution role needs it (DET-6).',
  'ecr:GetAuthorizationToken': 'ECR issues account-wide registry tokens; the action has no resource type.',
  'cloudwatch:PutMetricData':
    'CloudWatch metrics have no ARN; scope it with a cloudwatch:namespace condition where possible.',
  's3:ListAllMyBuckets': 'Lists buckets of the account; the action has no resource type (Synthetics canaries need it).',
  'secretsmanager:GetRandomPassword':
    'Generates a random string and touches no secret; the action has no resource type.',
  'ssm:DescribeSessions': 'Session Manager lists sessions account-wide; the action has no resource type.',
  'ssm:GetConnectionStatus': 'Session Manager connection status has no resource type.',
  'ssm:DescribeInstanceInformation': 'Session Manager inventory listing has no resource type.',
  'backup:DescribeRestoreJob': 'AWS Backup defines no resource type for restore jobs.',
  'backup:PutRestoreValidationResult': 'AWS Backup defines no resource type for restore jobs.',
  'guardduty:ListDetectors': 'Listing detectors is account-wide; the action has no resource type.',
  // The StackSet execution role (DET-6) needs "full AWS CloudFormation permissions" (CloudFormation user guide, "Grant
  // self-managed permissions"): every stack action on its own stacks, and these, which define no resource type.
  'cloudformation:ValidateTemplate': 'CloudFormation defines no resource type for ValidateTemplate (a template body).',
  'cloudformation:ListStacks': 'Listing stacks is account-wide; the action has no resource type.',
  'cloudformation:ListExports': 'Listing exports is account-wide; the action has no resource type.',
  'cloudformation:ListImports': 'Listing the importers of an export: the action has no resource type.',
  'cloudformation:DescribeAccountLimits': 'Account quotas of CloudFormation; the action has no resource type.',
  'cloudformation:EstimateTemplateCost': 'CloudFormation defines no resource type for EstimateTemplateCost.',
  'cloudformation:DescribeStackDriftDetectionStatus':
    'A drift detection id, not a stack ARN, is its input; the action has no resource type.',
  'ec2messages:AcknowledgeMessage': 'The SSM agent message channel: ec2messages defines no resource type.',
  'ec2messages:DeleteMessage': 'The SSM agent message channel: ec2messages defines no resource type.',
  'ec2messages:FailMessage': 'The SSM agent message channel: ec2messages defines no resource type.',
  'ec2messages:GetEndpoint': 'The SSM agent message channel: ec2messages defines no resource type.',
  'ec2messages:GetMessages': 'The SSM agent message channel: ec2messages defines no resource type.',
  'ec2messages:SendReply': 'The SSM agent message channel: ec2messages defines no resource type.',
  'ssmmessages:CreateControlChannel':
    'The Session Manager data channel of the agent: ssmmessages defines no resource type.',
  'ssmmessages:CreateDataChannel':
    'The Session Manager data channel of the agent: ssmmessages defines no resource type.',
  'ssmmessages:OpenControlChannel':
    'The Session Manager data channel of the agent: ssmmessages defines no resource type.',
  'ssmmessages:OpenDataChannel': 'The Session Manager data channel of the agent: ssmmessages defines no resource type.',
  'ssm:GetManifest': 'Distributor manifest of the SSM agent: the action has no resource type.',
  'ssm:GetDeployablePatchSnapshotForInstance':
    'Patch Manager snapshot for the calling instance: the action has no resource type.',
  'ssm:PutInventory':
    'SSM agent and Patch Manager report the inventory of the calling instance: the action has no resource type ' +
    '(IAM Service Authorization Reference).',
  'sts:GetCallerIdentity': 'Returns the caller only; the action has no resource type and needs no permission.',
};

/** The actions that match the allow-list (exact, case-insensitive). */
export function resourceStarAllowed(action: string): boolean {
  const a = action.toLowerCase();
  return Object.keys(RESOURCE_STAR_ALLOWLIST).some((k) => k.toLowerCase() === a);
}
