import { z } from 'zod';
import {
  DEFAULT_APP_IMAGE,
  DEFAULT_APP_LOG_RETENTION_DAYS,
  DEFAULT_CONTAINER_PORT,
  DEFAULT_CONTAINER_USER,
  DEFAULT_DESIRED_COUNT,
  DEFAULT_HEALTH_CHECK_PATH,
  DEFAULT_READONLY_ROOT_FILESYSTEM,
  DEFAULT_TASK_CPU,
  DEFAULT_TASK_MEMORY_MIB,
  DEFAULT_WRITABLE_PATHS,
  DIGEST_PINNED_IMAGE,
} from '../../defaults/app';
import { logRetention, urlPath } from './common';

/** An absolute directory inside the container that is not the root itself. */
const containerDir = z.string().regex(/^\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, {
  message: 'must be an absolute directory inside the container such as /tmp (not / itself, no spaces or trailing /)',
});

/**
 * ORG-7: the app runs exactly the reviewed image. Either the stage's own ECR repository (immutable tags) named by
 * tag, or any other registry pinned by digest; a tag of another registry may point at other code tomorrow.
 */
const appImage = z.union(
  [
    z.string().regex(DIGEST_PINNED_IMAGE, {
      message:
        'names an image of another registry by a mutable tag: pin it by digest ("<registry>/<repo>@sha256:<64 hex>", ' +
        "from `docker buildx imagetools inspect <image>`) or push it to the stage's own repository and write " +
        '{ "repository": "own", "tag": "<tag>" } (docs/app-tier.md)',
    }),
    z.strictObject({
      repository: z.literal('own'),
      tag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, {
        message: 'must be a Docker tag: letters, digits, _ . - (at most 128), not starting with . or -',
      }),
    }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' && typeof issue.input !== 'string'
        ? 'must be { "repository": "own", "tag": "<tag>" } or an image reference pinned by digest'
        : undefined,
  },
);

/** Memory (MiB) Fargate accepts for each CPU size: [min, max], in 1024 MiB steps except the 256-unit size. */
const FARGATE_MEMORY: Record<number, readonly number[]> = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096),
  1024: steps(2048, 8192),
  2048: steps(4096, 16384),
  4096: steps(8192, 30720),
};

function steps(min: number, max: number): number[] {
  const out: number[] = [];
  for (let m = min; m <= max; m += 1024) out.push(m);
  return out;
}

/** The application tier: the placeholder service the edge routes to. */
export const appSchema = z
  .strictObject({
    /**
     * Container image of the application (ORG-7): `{ "repository": "own", "tag": "1.0.0" }` for the stage's own ECR
     * repository (immutable tags, created by the App stack), or another registry's image pinned by digest,
     * `"<registry>/<repo>@sha256:<64 hex>"`. A mutable tag of another registry is refused.
     */
    image: appImage
      .default({ ...DEFAULT_APP_IMAGE })
      .describe(
        'Container image of the application (ORG-7): `{ "repository": "own", "tag": "1.0.0" }` for the stage\'s own ECR repository (immutable tags, created by the App stack), or another registry\'s image pinned by digest, `"<registry>/<repo>@sha256:<64 hex>"`. A mutable tag of another registry is refused.',
      ),
    /**
     * User the container runs as, numeric `uid:gid`, never root (ORG-7, Control Tower CT.ECS.PR.3): set it to the
     * image's own unprivileged user. Numeric, so it needs no /etc/passwd entry; the group is given so a uid unknown
     * to the image does not fall back to group 0 (root).
     */
    user: z
      .string()
      .regex(/^\d{1,10}:\d{1,10}$/, {
        message: 'must be a numeric uid:gid such as "101:101" (the image\'s unprivileged user and its group)',
      })
      .refine((v) => v.split(':').every((id) => Number(id) !== 0), {
        message: 'runs the container as root (uid or gid 0); give the image\'s unprivileged user, e.g. "101:101"',
      })
      .default(DEFAULT_CONTAINER_USER)
      .describe(
        "User the container runs as, numeric `uid:gid`, never root (ORG-7, Control Tower CT.ECS.PR.3): set it to the image's own unprivileged user. Numeric, so it needs no /etc/passwd entry; the group is given so a uid unknown to the image does not fall back to group 0 (root).",
      ),
    /** Port the container listens on (unprivileged, so the container needs no capability). */
    containerPort: z
      .number()
      .int()
      .min(1024, {
        message: 'must be 1024 or above: the container runs without the capability to bind privileged ports',
      })
      .max(65535)
      .default(DEFAULT_CONTAINER_PORT)
      .describe('Port the container listens on (unprivileged, so the container needs no capability).'),
    /** Fargate CPU units. */
    cpu: z
      .union([z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)])
      .default(DEFAULT_TASK_CPU)
      .describe('Fargate CPU units.'),
    /** Fargate memory in MiB. */
    memoryMiB: z.number().int().min(512).max(30720).default(DEFAULT_TASK_MEMORY_MIB).describe('Fargate memory in MiB.'),
    /**
     * Number of tasks. 0 only for the first deploy of a new stage, which creates the image repository before any
     * image is in it (docs/app-tier.md, "First deploy of a stage").
     */
    desiredCount: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(DEFAULT_DESIRED_COUNT)
      .describe(
        'Number of tasks. 0 only for the first deploy of a new stage, which creates the image repository before any image is in it (docs/app-tier.md, "First deploy of a stage").',
      ),
    /** Health check path on the container. */
    healthCheckPath: urlPath.default(DEFAULT_HEALTH_CHECK_PATH).describe('Health check path on the container.'),
    /** Whether the image runs with a read-only root filesystem. */
    readonlyRootFilesystem: z
      .boolean()
      .default(DEFAULT_READONLY_ROOT_FILESYSTEM)
      .describe('Whether the image runs with a read-only root filesystem.'),
    /** Directories mounted as task-scoped scratch volumes, the only places a read-only container can write. */
    writablePaths: z
      .array(containerDir)
      .max(10)
      .refine((v) => new Set(v).size === v.length, { message: 'lists a directory twice; list each once' })
      .default([...DEFAULT_WRITABLE_PATHS])
      .describe('Directories mounted as task-scoped scratch volumes, the only places a read-only container can write.'),
    /** Days application logs are kept. */
    logRetentionDays: logRetention(DEFAULT_APP_LOG_RETENTION_DAYS).describe('Days application logs are kept.'),
  })
  .superRefine((a, ctx) => {
    const allowed = FARGATE_MEMORY[a.cpu];
    if (allowed && !allowed.includes(a.memoryMiB)) {
      ctx.addIssue({
        code: 'custom',
        path: ['memoryMiB'],
        input: a.memoryMiB,
        message: `is not a Fargate memory size for cpu ${a.cpu}; use one of ${allowed.join(', ')}`,
      });
    }
  })
  .prefault({})
  .describe('The application tier: the placeholder service the edge routes to.');

export type AppConfig = z.output<typeof appSchema>;
