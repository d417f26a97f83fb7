import { validateStage } from '../../lib/config/validate';
import { problemsOf, rawConfig } from '../config-helpers';

describe('PROOF-3 app config defaults', () => {
  test('the placeholder service gets safe defaults', () => {
    const app = validateStage(rawConfig()).app;
    expect(app).toEqual({
      image: { repository: 'own', tag: '1.0.0' },
      user: '101:101',
      containerPort: 8080,
      cpu: 256,
      memoryMiB: 512,
      desiredCount: 2,
      healthCheckPath: '/',
      readonlyRootFilesystem: true,
      writablePaths: ['/tmp'],
      logRetentionDays: 365,
    });
  });

  test.each([
    [`public.ecr.aws/nginx/nginx-unprivileged@sha256:${'a'.repeat(64)}`],
    [`nginxinc/nginx-unprivileged:stable-alpine@sha256:${'0'.repeat(64)}`],
    [{ repository: 'own', tag: 'v2.3.1' }],
  ])('ORG-7 image %j (own repository or pinned by digest) is accepted', (image) => {
    expect(problemsOf((c) => (c.app = { image }))).toEqual([]);
  });

  test.each([
    [256, 2048],
    [1024, 8192],
    [4096, 30720],
  ])('cpu %i with %i MiB is accepted', (cpu, memoryMiB) => {
    expect(problemsOf((c) => (c.app = { cpu, memoryMiB }))).toEqual([]);
  });
});

// [case, mutation, field path the message must name, words the message must contain]
const BAD: Array<[string, (c: Record<string, any>) => void, string, RegExp]> = [
  [
    'ORG-7 image of another registry by mutable tag',
    (c) => (c.app = { image: 'nginxinc/nginx-unprivileged:stable-alpine' }),
    'app.image',
    /mutable tag: pin it by digest.*"repository": "own"/,
  ],
  [
    'ORG-7 image by a digest too short to be one',
    (c) => (c.app = { image: `public.ecr.aws/nginx/nginx-unprivileged@sha256:${'a'.repeat(63)}` }),
    'app.image',
    /pin it by digest/,
  ],
  [
    'ORG-7 own repository with a bad tag',
    (c) => (c.app = { image: { repository: 'own', tag: '-x' } }),
    'app.image.tag',
    /Docker tag/,
  ],
  [
    'privileged container port',
    (c) => (c.app = { containerPort: 80 }),
    'app.containerPort',
    /1024 or above.*privileged ports/,
  ],
  ['port above 65535', (c) => (c.app = { containerPort: 70000 }), 'app.containerPort', /at most 65535/],
  ['unknown CPU size', (c) => (c.app = { cpu: 300 }), 'app.cpu', /256.*512.*1024.*2048.*4096/],
  [
    'memory not valid for the CPU size',
    (c) => (c.app = { cpu: 256, memoryMiB: 4096 }),
    'app.memoryMiB',
    /not a Fargate memory size for cpu 256; use one of 512, 1024, 2048/,
  ],
  [
    'memory off the 1 GiB steps',
    (c) => (c.app = { cpu: 1024, memoryMiB: 3000 }),
    'app.memoryMiB',
    /not a Fargate memory size for cpu 1024/,
  ],
  ['negative task count', (c) => (c.app = { desiredCount: -1 }), 'app.desiredCount', /at least 0/],
  [
    'health check path not absolute',
    (c) => (c.app = { healthCheckPath: 'health' }),
    'app.healthCheckPath',
    /absolute URL path/,
  ],
  [
    'health check path with a query',
    (c) => (c.app = { healthCheckPath: '/health?x=1' }),
    'app.healthCheckPath',
    /no query string/,
  ],
  ['writable path is the root', (c) => (c.app = { writablePaths: ['/'] }), 'app.writablePaths[0]', /not \/ itself/],
  ['writable path relative', (c) => (c.app = { writablePaths: ['tmp'] }), 'app.writablePaths[0]', /absolute directory/],
  ['writable path listed twice', (c) => (c.app = { writablePaths: ['/tmp', '/tmp'] }), 'app.writablePaths', /twice/],
  [
    'bad log retention',
    (c) => (c.app = { logRetentionDays: 100 }),
    'app.logRetentionDays',
    /CloudWatch Logs retention values/,
  ],
  ['empty image', (c) => (c.app = { image: '' }), 'app.image', /pin it by digest/],
  // ORG-7, Control Tower CT.ECS.PR.3: never root, and numeric so no image can map a name to uid 0.
  ['CT.ECS.PR.3 user root by name', (c) => (c.app = { user: 'root' }), 'app.user', /numeric uid:gid such as "101:101"/],
  ['CT.ECS.PR.3 user uid 0', (c) => (c.app = { user: '0:101' }), 'app.user', /as root \(uid or gid 0\)/],
  ['CT.ECS.PR.3 user group 0', (c) => (c.app = { user: '101:0' }), 'app.user', /as root \(uid or gid 0\)/],
  ['CT.ECS.PR.3 user without a group', (c) => (c.app = { user: '101' }), 'app.user', /numeric uid:gid/],
  ['unknown app key', (c) => (c.app = { containerPorts: 8080 }), 'app.containerPorts', /unknown key/],
];

describe('PROOF-3 bad app config is refused with the field named', () => {
  test.each(BAD)('%s', (_name, mutate, field, words) => {
    const problems = problemsOf(mutate);
    const line = problems.find((p) => p.startsWith(`${field}: `));
    expect(line ?? problems).toEqual(expect.stringMatching(words));
    expect(line).toMatch(/Fix: /);
  });
});
