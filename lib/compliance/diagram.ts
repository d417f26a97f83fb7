// A Mermaid picture of the stage, generated from the synthesized templates.
import type { StageModel } from './model';
import { resources } from './query';

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
        if (n > 2) continue; // keep the picture readable
        lines.push(`      ${nodeId(s.name, id)}["${label}<br/><small>${id}</small>"]`);
        any = true;
      }
      if (!any) lines.push(`      ${nodeId(s.name, 'empty')}["${Object.keys(s.template.Resources ?? {}).length} supporting resources"]`);
      lines.push('    end');
    }
    lines.push('  end');
  }
  const ref = (type: string) => {
    const x = first(type);
    return x ? nodeId(x.stack.name, x.id) : undefined;
  };
  const path = [ref('AWS::CloudFront::Distribution'), ref('AWS::CloudFront::VpcOrigin'), ref('AWS::ElasticLoadBalancingV2::LoadBalancer'), ref('AWS::ECS::Service'), ref('AWS::RDS::DBCluster')].filter(Boolean) as string[];
  if (path.length) {
    lines.push(`  browser -->|HTTPS| ${path[0]}`);
    for (let i = 1; i < path.length; i++) lines.push(`  ${path[i - 1]} -->|${i === path.length - 1 ? 'TLS, IAM auth' : 'HTTPS'}| ${path[i]}`);
  }
  const vaults = resources(m, 'AWS::Backup::BackupVault');
  const plan = ref('AWS::Backup::BackupPlan');
  const cluster = ref('AWS::RDS::DBCluster');
  const primary = vaults.filter((v) => v.stack.region === m.config.primaryRegion);
  const copy = vaults.filter((v) => v.stack.region === m.config.backupRegion);
  if (plan && cluster) lines.push(`  ${cluster} -.->|snapshots| ${plan}`);
  for (const p of primary.slice(0, 2)) {
    if (plan) lines.push(`  ${plan} --> ${nodeId(p.stack.name, p.id)}`);
    for (const c of copy.slice(0, 1)) lines.push(`  ${nodeId(p.stack.name, p.id)} ==>|cross-region copy| ${nodeId(c.stack.name, c.id)}`);
  }
  return lines.join('\n');
}

/** The diagram as a Markdown section. */
export function diagramMarkdown(m: StageModel): string {
  return `\`\`\`mermaid\n${mermaid(m)}\n\`\`\`\n`;
}
