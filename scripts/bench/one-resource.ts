// The baseline of `npm run bench`: the smallest app the CLI can synthesize.
import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';

const app = new App();
new sns.Topic(new Stack(app, 'OneResource'), 'Topic');
