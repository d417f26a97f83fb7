// OPS-4 pricers of the network, the database, the app tier and storage.
import { asArray, getPath, num, str } from '../../compliance/model/json';
import { prop, resolve } from '../../compliance/model/query';
import { add, clusterOf, MILLION, minAcu, model, type Pricer, pricedRegion, unpriced, usd } from '../model';
import { type PriceId, priceOf } from '../prices';

export const natGateway: Pricer = (ctx, x) => {
  const p = priceOf('natHour', pricedRegion(ctx, x.stack.region));
  add(ctx, x, {
    driver: 'NAT gateways',
    quantity: `${ctx.a.hoursPerMonth} h × ${usd(p)}`,
    idle: ctx.a.hoursPerMonth * p,
    perMillion: 0,
    prices: ['natHour', 'natGb'],
    switches: ['natGateways', 'availabilityZones'],
  });
};

export const eip: Pricer = (ctx, x) => {
  const p = priceOf('publicIpv4Hour', pricedRegion(ctx, x.stack.region));
  add(ctx, x, {
    driver: 'Public IPv4 addresses (NAT gateways)',
    quantity: `${ctx.a.hoursPerMonth} h × ${usd(p)}`,
    idle: ctx.a.hoursPerMonth * p,
    perMillion: 0,
    prices: ['publicIpv4Hour'],
    switches: ['natGateways', 'availabilityZones'],
  });
};

export const dbInstance: Pricer = (ctx, x) => {
  const cls = str(prop(x, 'DBInstanceClass'));
  if (cls !== 'db.serverless') {
    unpriced(ctx, x.r.Type, `instance class ${cls ?? '(none)'} is not in the price table`);
    return;
  }
  const cluster = clusterOf(ctx, x);
  const min = minAcu(cluster);
  const p = priceOf('auroraAcuHour', pricedRegion(ctx, x.stack.region));
  // The writer (promotion tier 0) takes the load that grows with requests; a reader stays at its minimum.
  const writer = (num(prop(x, 'PromotionTier')) ?? 0) === 0;
  add(ctx, x, {
    driver: 'Aurora Serverless v2 capacity',
    quantity: `${min} ACU × ${ctx.a.hoursPerMonth} h × ${usd(p)}${min === 0 ? ' (pauses when idle)' : ''}`,
    idle: min * ctx.a.hoursPerMonth * p,
    perMillion: writer ? ((ctx.a.acuSecondsPerRequest * MILLION) / 3600) * p : 0,
    prices: ['auroraAcuHour'],
    switches: ['database.minCapacity', 'database.maxCapacity'],
  });
};

export const dbCluster: Pricer = (ctx, x) => {
  const region = pricedRegion(ctx, x.stack.region);
  const storage = priceOf('auroraStorageGbMonth', region);
  const io = priceOf('auroraIoMillion', region);
  add(ctx, x, {
    driver: 'Aurora storage and I/O',
    quantity: `${ctx.a.databaseGb} GB × ${usd(storage)}; ${ctx.a.ioPerRequest} I/O per request × ${usd(io)}/M`,
    idle: ctx.a.databaseGb * storage,
    perMillion: ctx.a.ioPerRequest * io,
    prices: ['auroraStorageGbMonth', 'auroraIoMillion'],
    switches: [],
  });
  if (prop(x, 'ManageMasterUserPassword') === true) secret(ctx, x);
};

export const secret: Pricer = (ctx, x) => {
  const p = priceOf('secretMonth', pricedRegion(ctx, x.stack.region));
  add(ctx, x, {
    driver: 'Secrets Manager secrets',
    quantity: `1 × ${usd(p)}`,
    idle: p,
    perMillion: 0,
    prices: ['secretMonth'],
    switches: [],
  });
};

export const ecsService: Pricer = (ctx, x) => {
  if (prop(x, 'LaunchType') !== 'FARGATE' && !asArray(prop(x, 'CapacityProviderStrategy')).length) {
    unpriced(ctx, x.r.Type, 'ECS service on EC2 capacity');
    return;
  }
  const task = resolve(model(ctx), x.stack, prop(x, 'TaskDefinition'));
  const cpu = Number(task ? prop(task, 'Cpu') : undefined);
  const mem = Number(task ? prop(task, 'Memory') : undefined);
  if (!task || !Number.isFinite(cpu) || !Number.isFinite(mem)) {
    unpriced(ctx, x.r.Type, 'task size not readable from the task definition');
    return;
  }
  const arm = task && prop(task, 'RuntimePlatform.CpuArchitecture') === 'ARM64';
  const count = num(prop(x, 'DesiredCount')) ?? 1;
  const region = pricedRegion(ctx, x.stack.region);
  const vcpu = priceOf(arm ? 'fargateArmVcpuHour' : 'fargateVcpuHour', region);
  const gb = priceOf(arm ? 'fargateArmGbHour' : 'fargateGbHour', region);
  const hourly = (cpu / 1024) * vcpu + (mem / 1024) * gb;
  add(ctx, x, {
    driver: 'Fargate tasks',
    quantity: `${count} task(s) × (${cpu / 1024} vCPU, ${mem / 1024} GB) × ${ctx.a.hoursPerMonth} h`,
    idle: count * hourly * ctx.a.hoursPerMonth,
    // A fixed desired count: the tasks cost the same with or without traffic (no auto scaling in the templates).
    perMillion: 0,
    prices: [arm ? 'fargateArmVcpuHour' : 'fargateVcpuHour', arm ? 'fargateArmGbHour' : 'fargateGbHour'],
    switches: ['app.desiredCount', 'app.cpu', 'app.memoryMiB'],
  });
};

export const loadBalancer: Pricer = (ctx, x) => {
  if ((str(prop(x, 'Type')) ?? 'application') !== 'application') {
    unpriced(ctx, x.r.Type, `${str(prop(x, 'Type'))} load balancer`);
    return;
  }
  const region = pricedRegion(ctx, x.stack.region);
  const hour = priceOf('albHour', region);
  const lcu = priceOf('albLcuHour', region);
  // Processed bytes dominate the LCU at this scale: 1 LCU-hour per GB processed.
  const gb = ((ctx.a.requestKb + ctx.a.responseKb) * MILLION) / 1024 / 1024;
  add(ctx, x, {
    driver: 'Application Load Balancer',
    quantity: `${ctx.a.hoursPerMonth} h × ${usd(hour)}; ${gb.toFixed(1)} LCU-h per million requests`,
    idle: ctx.a.hoursPerMonth * hour,
    perMillion: gb * lcu,
    prices: ['albHour', 'albLcuHour'],
    switches: [],
  });
};

export const INSTANCE_PRICES: Readonly<Record<string, PriceId>> = { 't4g.nano': 't4gNanoHour' };

export const ec2Instance: Pricer = (ctx, x) => {
  const type = str(prop(x, 'InstanceType')) ?? '';
  const id = INSTANCE_PRICES[type];
  if (!id) {
    unpriced(ctx, x.r.Type, `instance type ${type || '(none)'} is not in the price table`);
    return;
  }
  const pr = pricedRegion(ctx, x.stack.region);
  const gb = asArray(prop(x, 'BlockDeviceMappings')).reduce<number>(
    (n, b) => n + (num(getPath(b, 'Ebs.VolumeSize')) ?? 8),
    0,
  );
  const detailed = prop(x, 'Monitoring') === true ? 7 : 0;
  add(ctx, x, {
    driver: 'Operator host (EC2)',
    quantity: `${type} × ${ctx.a.hoursPerMonth} h + ${gb} GB gp3${detailed ? ' + detailed monitoring' : ''}`,
    idle:
      ctx.a.hoursPerMonth * priceOf(id, pr) + gb * priceOf('gp3GbMonth', pr) + detailed * priceOf('metricMonth', pr),
    perMillion: 0,
    prices: [id, 'gp3GbMonth', 'metricMonth'],
    switches: [],
  });
};

export const bucket: Pricer = (ctx, x) => {
  const p = priceOf('s3GbMonth', pricedRegion(ctx, x.stack.region));
  add(ctx, x, {
    driver: 'S3 buckets (logs, artifacts)',
    quantity: `1 × ${ctx.a.bucketGb} GB × ${usd(p)}`,
    idle: ctx.a.bucketGb * p,
    perMillion: 0,
    prices: ['s3GbMonth'],
    switches: ['edge.accessLogRetentionDays', 'detection.trailRetentionDays'],
  });
};

export const repository: Pricer = (ctx, x) => {
  const p = priceOf('ecrGbMonth', pricedRegion(ctx, x.stack.region));
  add(ctx, x, {
    driver: 'Container image repository',
    quantity: `${ctx.a.imageGb} GB × ${usd(p)}`,
    idle: ctx.a.imageGb * p,
    perMillion: 0,
    prices: ['ecrGbMonth'],
    switches: [],
  });
};

export const vpcEndpoint: Pricer = (ctx, x) => {
  // Gateway endpoints (S3, DynamoDB) are free; interface endpoints are billed per zone (one subnet each).
  if ((str(prop(x, 'VpcEndpointType')) ?? 'Gateway') === 'Gateway') return;
  const zones = asArray(prop(x, 'SubnetIds')).length || 1;
  const p = priceOf('vpcEndpointHour', pricedRegion(ctx, x.stack.region));
  add(ctx, x, {
    driver: 'Interface VPC endpoints',
    quantity: `${zones} zone(s) × ${ctx.a.hoursPerMonth} h × ${usd(p)}`,
    idle: zones * ctx.a.hoursPerMonth * p,
    perMillion: 0,
    prices: ['vpcEndpointHour'],
    switches: ['availabilityZones'],
  });
};
