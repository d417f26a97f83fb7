import { Template } from 'aws-cdk-lib/assertions';
import { PlatformDashboard, type PlatformDashboardProps } from '../../../lib/constructs/detection/dashboard';
import { testStack } from '../../helpers';

/** GIVEN a fresh stack (eu-west-3) WHEN a dashboard is added with `props`: its body, as a JSON string. */
function body(props: Omit<PlatformDashboardProps, 'dashboardName'>): string {
  const stack = testStack();
  new PlatformDashboard(stack, 'Dashboard', { dashboardName: 'test-platform', ...props });
  const [dashboard] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
  return JSON.stringify(dashboard.Properties.DashboardBody);
}

describe('DET-5 PlatformDashboard', () => {
  test('shows only the widgets whose inputs are given', () => {
    const text = body({ header: '# test: platform status' });
    expect(text).toContain('# test: platform status');
    expect(text).not.toContain('"metrics"');
  });

  test('the CLOUDFRONT web ACL graphs read us-east-1, where WAF publishes them, from any region', () => {
    const text = body({ cloudFrontWaf: true });
    expect(text).toContain('EdgeWebAcl');
    expect(text).toMatch(/"region\\?":\\?"us-east-1\\?"/);
    expect(text).not.toContain('eu-west-3');
  });

  test('the REGIONAL web ACL graphs filter on its region', () => {
    const text = body({ regionalWafRegion: 'eu-west-3' });
    expect(text).toContain('AlbWebAcl');
    expect(text).toContain('Region=\\\\\\"eu-west-3\\\\\\"');
  });
});
