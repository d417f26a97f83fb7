// A Mermaid picture of the stage, generated from the synthesized templates.
import { backupRules, copyEdges, targetVault } from '../model/backup-plan';
import { propsOf, type Res, resources, sameRes } from '../model/query';
import type { StackModel, StageModel } from '../model/types';

/** Resource types worth a box, with a short label. */
const KEY_TYPES: Readonly<Record<string, string>> = {
  'AWS::CloudFront::Distribution': 'CloudFront',
  'AWS::WAFv2::WebACL': 'WAF web ACL',
  'AWS::CloudFront::VpcOrigin': 'VPC origin',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'ALB',
  'AWS::ECS::Service': 'Fargate service',
  'AWS::RDS::DBCluster': 'Aurora cluster',
  'AWS::EC2::VPC': 'VPC',
  'AWS::Backup::BackupVault': 'Backup vault',
  'AWS::Backup::LogicallyAirGappedBackupVault': 'Air-gapped vault',
  'AWS::Backup::BackupPlan': 'Backup plan',
  'AWS::GuardDuty::Detector': 'GuardDuty',
  'AWS::CloudTrail::Trail': 'CloudTrail',
  'AWS::SNS::Topic': 'Alert topic',
  'AWS::SES::EmailIdentity': 'SES identity',
  'AWS::Route53::HostedZone': 'Hosted zone',
  'AWS::Synthetics::Canary': 'Canary',
  'AWS::EC2::Instance': 'Operator host (SSM)',
};

/** Vaults are all drawn: the backup edges point at them. */
const VAULT_TYPES = ['AWS::Backup::BackupVault', 'AWS::Backup::LogicallyAirGappedBackupVault'];

/** Text safe inside a Mermaid edge label. */
const label = (t: string) => t.replace(/[|"<>]/g, ' ');
const nodeId = (stack: string, id: string) => `${stack}_${id}`.replace(/[^A-Za-z0-9_]/g, '_');
const node = (x: Res) => nodeId(x.stack.name, x.id);

/** The boxes of one stack: its key resources (at most two of a type, except vaults, which backup edges point at). */
function stackBoxes(s: StackModel): string[] {
  const lines = [`    subgraph ${nodeId(s.name, '')}["${s.name}"]`];
  const counts = new Map<string, number>();
  let drawn = false;
  for (const [id, r] of Object.entries(s.template.Resources ?? {})) {
    const name = KEY_TYPES[r.Type];
    if (!name) continue;
    const n = (counts.get(r.Type) ?? 0) + 1;
    counts.set(r.Type, n);
    if (n > 2 && !VAULT_TYPES.includes(r.Type)) continue; // keep the picture readable
    lines.push(`      ${nodeId(s.name, id)}["${name}<br/><small>${id}</small>"]`);
    drawn = true;
  }
  if (!drawn)
    lines.push(
      `      ${nodeId(s.name, 'empty')}["${Object.keys(s.template.Resources ?? {}).length} supporting resources"]`,
    );
  lines.push('    end');
  return lines;
}

/** The hop from the load balancer to the application: protocol and port of each target group the ALB forwards to. */
export function appHops(m: StageModel): Array<{ protocol: string; port: string }> {
  return resources(m, 'AWS::ElasticLoadBalancingV2::TargetGroup')
    .filter((t) => propsOf(t).TargetType !== 'lambda')
    .map((t) => ({ protocol: String(propsOf(t).Protocol ?? 'HTTP'), port: String(propsOf(t).Port ?? '') }));
}

/** The request path: browser, CloudFront, VPC origin, load balancer, Fargate, Aurora (those the stage has). */
function requestPath(m: StageModel): string[] {
  const first = (type: string) => resources(m, type)[0];
  const hops = [
    'AWS::CloudFront::Distribution',
    'AWS::CloudFront::VpcOrigin',
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
    'AWS::ECS::Service',
    'AWS::RDS::DBCluster',
  ].filter((type) => !!first(type));
  const path = hops.map((type) => node(first(type)));
  if (!path.length) return [];
  const lines = [`  browser -->|HTTPS| ${path[0]}`];
  for (let i = 1; i < path.length; i++) lines.push(`  ${path[i - 1]} -->|${hopLabel(m, hops[i])}| ${path[i]}`);
  return lines;
}

/**
 * The label of the hop into `to`: TLS and IAM authentication into the database, the target groups' protocol and port
 * into the service (plain HTTP there is drawn as such: EDGE-1), HTTPS elsewhere.
 */
function hopLabel(m: StageModel, to: string): string {
  if (to === 'AWS::RDS::DBCluster') return 'TLS, IAM auth';
  if (to !== 'AWS::ECS::Service') return 'HTTPS';
  const hops = appHops(m);
  if (!hops.length) return 'HTTPS';
  return label([...new Set(hops.map((h) => (h.port ? `${h.protocol} port ${h.port}` : h.protocol)))].join(', '));
}

/**
 * The backup path, from the plan itself: each rule writes to its target vault, and each of its copy
 * actions goes from that vault to the vault its destination ARN names (continuous rules copy nothing).
 */
function backupPath(m: StageModel): string[] {
  const cluster = resources(m, 'AWS::RDS::DBCluster')[0];
  const lines: string[] = [];
  const edge = (line: string) => {
    if (!lines.includes(line)) lines.push(line);
  };
  for (const plan of resources(m, 'AWS::Backup::BackupPlan')) {
    if (cluster) edge(`  ${node(cluster)} -.->|snapshots| ${node(plan)}`);
    for (const r of backupRules(m).filter((x) => sameRes(x.plan, plan))) {
      const target = targetVault(m, r);
      if (target) edge(`  ${node(plan)} -->|${label(String(r.rule.RuleName ?? `rule ${r.index}`))}| ${node(target)}`);
    }
  }
  for (const c of copyEdges(m)) {
    if (!c.from || !c.to) continue;
    const kind = c.to.stack.region === c.from.stack.region ? 'copy' : 'cross-region copy';
    edge(`  ${node(c.from)} ==>|${kind}| ${node(c.to)}`);
  }
  return lines;
}

/** The Mermaid source (without the code fence). */
export function mermaid(m: StageModel): string {
  const lines = ['flowchart LR', '  browser([Browser])'];
  for (const region of new Set(m.stacks.map((s) => s.region))) {
    lines.push(`  subgraph ${region.replace(/-/g, '_')}["${region}"]`);
    for (const s of m.stacks.filter((x) => x.region === region)) lines.push(...stackBoxes(s));
    lines.push('  end');
  }
  lines.push(...requestPath(m), ...backupPath(m));
  return lines.join('\n');
}

/** The diagram as a Markdown section. */
export function diagramMarkdown(m: StageModel): string {
  return `\`\`\`mermaid\n${mermaid(m)}\n\`\`\`\n`;
}
