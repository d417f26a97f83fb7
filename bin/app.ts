#!/usr/bin/env node
// The only place that reads context or the environment: stacks and constructs get typed props.
import { App } from 'aws-cdk-lib';
import { APP_PROPS, addStage } from '../lib/app/add-stage';
import { ConfigError, loadStageConfig } from '../lib/config/validate';

const DEFAULT_CONFIG = 'config/example.json';

const app = new App(APP_PROPS);
const configPath = String(app.node.tryGetContext('config') ?? DEFAULT_CONFIG);
try {
  // Validated before any stack is constructed: a bad file builds nothing.
  addStage(app, loadStageConfig(configPath));
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
