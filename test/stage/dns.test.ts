import { Match } from 'aws-cdk-lib/assertions';
import { AMAZON_CAS } from '../../lib/constructs/edge/domain-zone';
import { DnsStack } from '../../lib/stacks/dns-stack';
import { testApp, testConfig } from '../helpers';
import {
  INTERNAL,
  logicalIds,
  normalizedTemplate,
  openNagFindings,
  PUBLIC,
  stackOf,
  templateOf,
} from './example-stage';

// The Dns stacks of both example stages, as `cdk synth` builds them.
const t = templateOf('Dns');
const internal = templateOf('Dns', INTERNAL);

const AMAZON_ONLY = [
  '0 issue "amazon.com"',
  '0 issue "amazontrust.com"',
  '0 issue "awstrust.com"',
  '0 issue "amazonaws.com"',
];

const caaRecords = () =>
  Object.values(t.findResources('AWS::Route53::RecordSet', { Properties: { Type: 'CAA' } })).map((r) => r.Properties);

describe('EDGE-9 one public zone per configured domain', () => {
  test('the stack deploys to us-east-1', () => {
    expect(stackOf('Dns').region).toBe('us-east-1');
    expect(stackOf('Dns', INTERNAL).region).toBe('us-east-1');
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

  test('a domain with a hostedZoneId is imported by id, never created or looked up', () => {
    internal.resourceCountIs('AWS::Route53::HostedZone', 0);
    internal.hasResourceProperties('AWS::Route53::RecordSet', { HostedZoneId: 'Z0EXAMPLE123456789ABC' });
  });
});

describe('EDGE-3 CAA records allow only Amazon to issue', () => {
  test('every created zone has a CAA record at its apex listing exactly the Amazon CAs', () => {
    const caa = caaRecords();
    expect(caa).toHaveLength(2);
    expect(caa.map((r) => r.Name).sort()).toEqual(['example.com.', 'example.org.']);
    for (const r of caa) expect(r.ResourceRecords).toEqual(AMAZON_ONLY);
    expect(AMAZON_CAS).toEqual(['amazon.com', 'amazontrust.com', 'awstrust.com', 'amazonaws.com']);
  });

  test('an imported zone gets the CAA record too', () => {
    internal.hasResourceProperties('AWS::Route53::RecordSet', {
      Type: 'CAA',
      Name: 'test.example.net.',
      HostedZoneId: 'Z0EXAMPLE123456789ABC',
      ResourceRecords: AMAZON_ONLY,
    });
  });

  test('no CAA record allows another CA or a wildcard from another CA', () => {
    for (const r of caaRecords()) {
      for (const v of r.ResourceRecords as string[])
        expect(v).toMatch(/^0 (issue "(amazon\.com|amazontrust\.com|awstrust\.com|amazonaws\.com)"|iodef )/);
    }
  });
});

describe('OPS-1 what the registrar needs is a stack output', () => {
  const outputs = (tpl: typeof t) => tpl.toJSON().Outputs as Record<string, { Value: unknown; Description?: string }>;

  test('the name servers of every created zone, joined, under a readable key', () => {
    const zoneIds = Object.keys(t.findResources('AWS::Route53::HostedZone'));
    for (const [key, domain] of [
      ['NameServersExampleCom', 'example.com.'],
      ['NameServersExampleOrg', 'example.org.'],
    ]) {
      const output = outputs(t)[key];
      expect(output.Description).toContain(domain.slice(0, -1));
      const [sep, list] = (output.Value as { 'Fn::Join': [string, { 'Fn::GetAtt': [string, string] }] })['Fn::Join'];
      expect(sep).toBe(',');
      expect(list['Fn::GetAtt'][1]).toBe('NameServers');
      const zone = t.findResources('AWS::Route53::HostedZone')[list['Fn::GetAtt'][0]];
      expect(zoneIds).toContain(list['Fn::GetAtt'][0]);
      expect(zone.Properties.Name).toBe(domain);
    }
  });

  test('every zone, created or imported, has its id as an output; an imported zone has no name servers output', () => {
    expect(Object.keys(outputs(t))).toEqual(
      expect.arrayContaining(['HostedZoneIdExampleCom', 'HostedZoneIdExampleOrg']),
    );
    expect(outputs(internal).HostedZoneIdTestExampleNet.Value).toBe('Z0EXAMPLE123456789ABC');
    expect(Object.keys(outputs(internal)).filter((k) => k.startsWith('NameServers'))).toEqual([]);
  });

  test('two domains that would share an output key are refused, naming both', () => {
    const config = testConfig({ domains: [{ name: 'a-b.example' }, { name: 'a.b.example' }] });
    expect(() => new DnsStack(testApp(), 'x-Dns', { config })).toThrow(/a-b\.example and a\.b\.example .*ABExample/);
  });

  test("no output is exported (an export would block the zone stack's updates)", () => {
    for (const o of Object.values(outputs(t))) expect(o).not.toHaveProperty('Export');
  });
});

describe('PROOF-1 cdk-nag', () => {
  test('no open findings (public stage)', () => {
    expect(openNagFindings(PUBLIC, 'Dns')).toEqual([]);
  });

  test('no open findings (internal stage)', () => {
    expect(openNagFindings(INTERNAL, 'Dns')).toEqual([]);
  });
});

test('DB-6 BKP-6 PROOF-3 stateful logical IDs never change', () => {
  expect(logicalIds('Dns', ['AWS::Route53::HostedZone', 'AWS::Route53::RecordSet'])).toMatchSnapshot();
});

test('PROOF-3 template snapshot', () => {
  // Outputs are written by the stacks that read the zones (weak references), not by this stack: left out.
  const { Outputs: _consumers, ...own } = normalizedTemplate('Dns');
  expect(own).toMatchSnapshot();
});
