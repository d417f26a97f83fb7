// Renders the Route 53 records of a template as they resolve at deploy time, for the DNS validator
// (MAIL-1) and for readable assertions. Shared by the mail construct tests and test/stage/mail.test.ts.
import type { Template } from 'aws-cdk-lib/assertions';
import type { DnsRecord } from '../../../lib/core/dns-records';

interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

/** A DKIM token as SES issues them: 32 lowercase letters and digits. */
export const sampleToken = (n: number) => `${'abcdefghijklmnopqrstuvwxyz01234'}${n}`;

/**
 * Renders a CloudFormation value the way it resolves at deploy time, with the
 * attributes SES returns replaced by samples of their documented form: the DKIM
 * token name `<token>._domainkey.<identity>` and value `<token>.dkim.amazonses.com`.
 * Any other intrinsic in a DNS value throws: the test must learn about it.
 */
export function render(value: unknown, resources: Record<string, Resource>, region: string): string {
  if (typeof value === 'string') return value;
  const v = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (v['Fn::Join']) {
    const [sep, parts] = v['Fn::Join'];
    return parts.map((p) => render(p, resources, region)).join(sep);
  }
  if (v.Ref === 'AWS::Region') return region;
  if (v['Fn::GetAtt']) {
    const [id, attr] = v['Fn::GetAtt'];
    const res = resources[id];
    const m = /^DkimDNSToken(Name|Value)([123])$/.exec(attr);
    if (res?.Type === 'AWS::SES::EmailIdentity' && m) {
      const token = sampleToken(Number(m[2]));
      return m[1] === 'Name' ? `${token}._domainkey.${res.Properties.EmailIdentity}` : `${token}.dkim.amazonses.com`;
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/** Every Route 53 record set of a template, rendered, with its logical id. */
export function renderedRecords(template: Template, region: string): Array<DnsRecord & { id: string }> {
  const resources = template.toJSON().Resources as Record<string, Resource>;
  return Object.entries(template.findResources('AWS::Route53::RecordSet')).map(([id, r]) => ({
    id,
    type: r.Properties.Type,
    name: render(r.Properties.Name, resources, region),
    values: (r.Properties.ResourceRecords as unknown[]).map((x) => render(x, resources, region)),
  }));
}

/** Rendered records of a template, their values by "TYPE name". */
export function recordsByKey(template: Template, region: string): Record<string, readonly string[]> {
  return Object.fromEntries(renderedRecords(template, region).map((r) => [`${r.type} ${r.name}`, r.values]));
}
