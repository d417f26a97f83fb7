import { z } from 'zod';
import { logRetention, urlPath } from './common';

/** The application tier: the placeholder service the edge routes to. */
export const appSchema = z
  .strictObject({
    /** Container image of the application. */
    image: z.string().min(1).default('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
    /** Port the container listens on. */
    containerPort: z.number().int().min(1024).max(65535).default(8080),
    /** Fargate CPU units. */
    cpu: z.union([z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)]).default(256),
    /** Fargate memory in MiB. */
    memoryMiB: z.number().int().min(512).max(30720).default(512),
    /** Number of tasks. */
    desiredCount: z.number().int().min(1).max(100).default(2),
    /** Health check path on the container. */
    healthCheckPath: urlPath.default('/'),
    /** Whether the image runs with a read-only root filesystem. */
    readonlyRootFilesystem: z.boolean().default(true),
    /** Days application logs are kept. */
    logRetentionDays: logRetention(365),
  })
  .prefault({});

export type AppConfig = z.output<typeof appSchema>;
