import { Match } from 'aws-cdk-lib/assertions';
import { AMAZON_CAS } from '../../lib/stacks/dns-stack';
import { buildTestStage, logicalIds, nagFindings, normalizedTemplate, templateOf } from '../helpers';

const { stage } = buildTestStage();
const dns = stage.dns!;
const t = templateOf(dns);
const internal = buildTestStage({}, 'example-internal.json').stage;

const AMAZON_ONLY = [
  '0 issue "amazon.com"',
  '0 issue "amazontrust.com"',
  '0 issue "awstrust.com"',
  '0 issue "amazonaws.com"',
];

describe('EDGE-9 one public zone per configured domain', () => {
  test('the stack deploys to us-east-1', () => {
    expect(dns.region).toBe('us-east-1');
  });

  test('a zone is created for each domain without a hostedZoneId, and retained', () => {
    t.resourceCountIs('AWS::Route53::HostedZone', 2);
    for (const name of ['example.com.', 'example.org.']) {
      t.hasResource('AWS::Route53::HostedZone', {
        Properties: Match.objectLike({ Name: name }),
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    }
  });

  test('zones are exposed by domain name', () => {
    expect(Object.keys(dns.zones)).toEqual(['example.com', 'example.org']);
  });

  test('a domain with a hostedZoneId is imported by id, never created or looked up', () => {
    const it = templateOf(internal.dns!);
    it.resourceCountIs('AWS::Route53::HostedZone', 0);
    expect(internal.dns!.zones['test.example.net'].hostedZoneId).toBe('Z0EXAMPLE123456789ABC');
  });
});

describe('EDGE-3 CAA records allow only Amazon to issue', () => {
  test('every created zone has a CAA record at its apex listing exactly the Amazon CAs', () => {
    const caa = Object.values(t.findResources('AWS::Route53::RecordSet', { Properties: { Type: 'CAA' } }));
    expect(caa).toHaveLength(2);
    expect(caa.map((r) => r.Properties.Name).sort()).toEqual(['example.com.', 'example.org.']);
    for (const r of caa) expect(r.Properties.ResourceRecords).toEqual(AMAZON_ONLY);
    expect(AMAZON_CAS).toEqual(['amazon.com', 'amazontrust.com', 'awstrust.com', 'amazonaws.com']);
  });

  test('an imported zone gets the CAA record too', () => {
    templateOf(internal.dns!).hasResourceProperties('AWS::Route53::RecordSet', {
      Type: 'CAA',
      Name: 'test.example.net.',
      HostedZoneId: 'Z0EXAMPLE123456789ABC',
      ResourceRecords: AMAZON_ONLY,
    });
  });

  test('an iodef address, when configured, is added to every CAA record', () => {
    const { stage: s } = buildTestStage({ edge: { caaIodefEmail: 'caa@example.com' } });
    const caa = Object.values(
      templateOf(s.dns!).findResources('AWS::Route53::RecordSet', { Properties: { Type: 'CAA' } }),
    );
    expect(caa).toHaveLength(2);
    for (const r of caa)
      expect(r.Properties.ResourceRecords).toEqual([...AMAZON_ONLY, '0 iodef "mailto:caa@example.com"']);
  });

  test('no CAA record allows another CA or a wildcard from another CA', () => {
    for (const r of Object.values(t.findResources('AWS::Route53::RecordSet', { Properties: { Type: 'CAA' } }))) {
      for (const v of r.Properties.ResourceRecords as string[])
        expect(v).toMatch(/^0 (issue "(amazon\.com|amazontrust\.com|awstrust\.com|amazonaws\.com)"|iodef )/);
    }
  });
});

describe('PROOF-1 cdk-nag', () => {
  test('no open findings (public stage)', () => {
    expect(nagFindings(dns)).toEqual([]);
  });

  test('no open findings (internal stage)', () => {
    expect(nagFindings(internal.dns!)).toEqual([]);
  });
});

test('DB-6 BKP-6 PROOF-3 stateful logical IDs never change', () => {
  expect(logicalIds(dns, ['AWS::Route53::HostedZone', 'AWS::Route53::RecordSet'])).toMatchSnapshot();
});

test('PROOF-3 template snapshot', () => {
  // Outputs are written by the stacks that read the zones (weak references), not by this stack: left out.
  const { Outputs: _consumers, ...own } = normalizedTemplate(dns) as Record<string, unknown>;
  expect(own).toMatchSnapshot();
});
