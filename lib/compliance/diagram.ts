// A Mermaid picture of the stage, generated from the synthesized templates.

import { backupRules, copyEdges, targetVault } from './backup-plan';
import type { StageModel } from './model';
import { type Res, resources, sameRes } from './query';

/** Resource types worth a box, with a short label. */
const KEY_TYPES: Record<string, string> = {
  'AWS::CloudFront::Distribution': 'CloudFront',
  'AWS::WAFv2::WebACL': 'WAF web ACL',
  'AWS::CloudFront::VpcOrigin': 'VPC origin',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'ALB',
  'AWS::ECS::Service': 'Fargate service',
  'AWS::RDS::DBCluster': 'Aurora cluster',
  'AWS::EC2::VPC': 'VPC',
  'AWS::Backup::BackupVault': 'Backup vault',
  'AWS::Backup::BackupPlan': 'Backup plan',
  'AWS::GuardDuty::Detector': 'GuardDuty',
  'AWS::CloudTrail::Trail': 'CloudTrail',
  'AWS::SNS::Topic': 'Alert topic',
  'AWS::SES::EmailIdentity': 'SES identity',
  'AWS::Route53::HostedZone': 'Hosted zone',
  'AWS::Synthetics::Canary': 'Canary',
  'AWS::EC2::Instance': 'Operator host (SSM)',
};

/** Text safe inside a Mermaid edge label. */
const label = (t: string) => t.replace(/[|"<>]/g, ' ');
const nodeId = (stack: string, id: string) => `${stack}_${id}`.replace(/[^A-Za-z0-9_]/g, '_');

/** The Mermaid source (without the code fence). */
export function mermaid(m: StageModel): string {
  const lines = ['flowchart LR', '  browser([Browser])'];
  const regions = [...new Set(m.stacks.map((s) => s.region))];
  const first = (type: string) => resources(m, type)[0];
  for (const region of regions) {
    lines.push(`  subgraph ${region.replace(/-/g, '_')}["${region}"]`);
    for (const s of m.stacks.filter((x) => x.region === region)) {
      lines.push(`    subgraph ${nodeId(s.name, '')}["${s.name}"]`);
      const counts = new Map<string, number>();
      let any = false;
      for (const [id, r] of Object.entries(s.template.Resources ?? {})) {
        const label = KEY_TYPES[r.Type];
        if (!label) continue;
        const n = (counts.get(r.Type) ?? 0) + 1;
        counts.set(r.Type, n);
        if (n > 2 && r.Type !== 'AWS::Backup::BackupVault') continue; // keep the picture readable (every vault is drawn: backup edges point at each)
        lines.push(`      ${nodeId(s.name, id)}["${label}<br/><small>${id}</small>"]`);
        any = true;
      }
      if (!any)
        lines.push(
          `      ${nodeId(s.name, 'empty')}["${Object.keys(s.template.Resources ?? {}).length} supporting resources"]`,
        );
      lines.push('    end');
    }
    lines.push('  end');
  }
  const ref = (type: string) => {
    const x = first(type);
    return x ? nodeId(x.stack.name, x.id) : undefined;
  };
  const path = [
    ref('AWS::CloudFront::Distribution'),
    ref('AWS::CloudFront::VpcOrigin'),
    ref('AWS::ElasticLoadBalancingV2::LoadBalancer'),
    ref('AWS::ECS::Service'),
    ref('AWS::RDS::DBCluster'),
  ].filter(Boolean) as string[];
  if (path.length) {
    lines.push(`  browser -->|HTTPS| ${path[0]}`);
    for (let i = 1; i < path.length; i++)
      lines.push(`  ${path[i - 1]} -->|${i === path.length - 1 ? 'TLS, IAM auth' : 'HTTPS'}| ${path[i]}`);
  }
  // Backup path from the plan itself: each rule writes to its target vault, and each of its
  // copy actions goes from that vault to the vault its destination ARN names (continuous rules copy nothing).
  const cluster = ref('AWS::RDS::DBCluster');
  const vaultNode = (v: Res) => nodeId(v.stack.name, v.id);
  const drawn = new Set<string>();
  const edge = (line: string) => {
    if (!drawn.has(line)) lines.push(line);
    drawn.add(line);
  };
  for (const plan of resources(m, 'AWS::Backup::BackupPlan')) {
    const planNode = nodeId(plan.stack.name, plan.id);
    if (cluster) edge(`  ${cluster} -.->|snapshots| ${planNode}`);
    for (const r of backupRules(m).filter((x) => sameRes(x.plan, plan))) {
      const target = targetVault(m, r);
      if (!target) continue;
      edge(`  ${planNode} -->|${label(String(r.rule.RuleName ?? `rule ${r.index}`))}| ${vaultNode(target)}`);
    }
  }
  for (const c of copyEdges(m)) {
    if (c.from && c.to)
      edge(
        `  ${vaultNode(c.from)} ==>|${c.to.stack.region === c.from.stack.region ? 'copy' : 'cross-region copy'}| ${vaultNode(c.to)}`,
      );
  }
  return lines.join('\n');
}

/** The diagram as a Markdown section. */
export function diagramMarkdown(m: StageModel): string {
  return `\`\`\`mermaid\n${mermaid(m)}\n\`\`\`\n`;
}
