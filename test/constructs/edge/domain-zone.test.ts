import { Match, Template } from 'aws-cdk-lib/assertions';
import { AMAZON_CAS, DomainZone, type DomainZoneProps } from '../../../lib/constructs/edge/domain-zone';
import { nagFindings, testStack } from '../../helpers';

const AMAZON_ONLY = AMAZON_CAS.map((ca) => `0 issue "${ca}"`);

function build(props: DomainZoneProps) {
  const stack = testStack();
  const domain = new DomainZone(stack, props.name, props);
  return { stack, domain, t: Template.fromStack(stack) };
}

describe('EDGE-9 DomainZone', () => {
  test('without a hostedZoneId, a zone is created with its comment, and retained', () => {
    build({ name: 'example.com', comment: 'prod: example.com' }).t.hasResource('AWS::Route53::HostedZone', {
      Properties: { Name: 'example.com.', HostedZoneConfig: { Comment: 'prod: example.com' } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('a domain with a hostedZoneId is imported by id, never created or looked up', () => {
    const { domain, t } = build({ name: 'test.example.net', hostedZoneId: 'Z0EXAMPLE123456789ABC' });
    t.resourceCountIs('AWS::Route53::HostedZone', 0);
    expect(domain.zone.hostedZoneId).toBe('Z0EXAMPLE123456789ABC');
    expect(domain.zone.zoneName).toBe('test.example.net');
  });
});

describe('EDGE-3 DomainZone CAA record', () => {
  test('only the Amazon CAs, at the apex, for an hour', () => {
    build({ name: 'example.com' }).t.hasResourceProperties('AWS::Route53::RecordSet', {
      Type: 'CAA',
      Name: 'example.com.',
      TTL: '3600',
      ResourceRecords: AMAZON_ONLY,
    });
  });

  test('an iodef address, when configured, is added to the CAA record', () => {
    for (const hostedZoneId of [undefined, 'Z0EXAMPLE123456789ABC']) {
      build({ name: 'example.com', hostedZoneId, caaIodefEmail: 'caa@example.com' }).t.hasResourceProperties(
        'AWS::Route53::RecordSet',
        {
          Type: 'CAA',
          HostedZoneId: Match.anyValue(),
          ResourceRecords: [...AMAZON_ONLY, '0 iodef "mailto:caa@example.com"'],
        },
      );
    }
  });

  test('PROOF-1 no cdk-nag finding', () => {
    expect(nagFindings(build({ name: 'example.com' }).stack)).toEqual([]);
  });
});
