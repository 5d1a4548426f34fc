import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { Runtime } from './context.js';
import { migrateToLatest } from './db/database.js';
import { base32 } from './lib/ids.js';
import { CRONS, JOBS } from './jobs/registry.js';
import { JobRunner } from './jobs/runner.js';
import { Scheduler } from './jobs/scheduler.js';
import { unsafeCountWorkspaces } from './modules/workspaces/workspaces.repo.js';
import { createRuntime, type RuntimeOverrides } from './runtime.js';

export interface RunningServer {
  readonly rt: Runtime;
  readonly app: FastifyInstance | undefined;
  readonly runner: JobRunner | undefined;
  readonly scheduler: Scheduler | undefined;
  readonly url: string | undefined;
  /** Graceful stop: no new requests, in-flight requests and jobs finish, then the database closes. */
  stop(): Promise<void>;
}

/** A code like `k3f9-2mz8` for first-run setup from another machine. */
export function newSetupCode(): string {
  const raw = base32(randomBytes(5)).slice(0, 8);
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/** Starts the roles the config names (web, worker, scheduler) on one runtime. */
export async function startServer(config: Config, overrides: RuntimeOverrides = {}): Promise<RunningServer> {
  const rt = await createRuntime(config, overrides);
  if (config.migrateOnBoot) {
    const applied = await migrateToLatest(rt.database);
    if (applied.length > 0) rt.log.info({ applied }, 'migrations applied');
  }
  let app: FastifyInstance | undefined;
  let url: string | undefined;
  if (config.roles.has('web')) {
    const setupCode = newSetupCode();
    app = await buildApp(rt, { setupCode });
    url = await app.listen({ port: config.port, host: config.host });
    if ((await unsafeCountWorkspaces(rt.database.db)) === 0) {
      rt.log.warn(
        { setupUrl: `${config.publicUrl}/setup` },
        `Candor needs its first workspace. Open ${config.publicUrl}/setup. From another machine, type the setup code ${setupCode}`,
      );
    }
  }
  let runner: JobRunner | undefined;
  if (config.roles.has('worker')) {
    runner = new JobRunner(rt, JOBS, { pollMs: config.jobPollMs, onOutcome: (job, outcome) => rt.metrics.jobOutcomes.inc({ job, outcome }) });
    runner.start();
  }
  let scheduler: Scheduler | undefined;
  if (config.roles.has('scheduler')) {
    scheduler = new Scheduler(rt, CRONS);
    scheduler.start();
  }
  rt.log.info({ roles: [...config.roles], url, dialect: rt.caps.dialect }, 'candor started');
  let stopping: Promise<void> | undefined;
  return {
    rt,
    app,
    runner,
    scheduler,
    url,
    stop() {
      stopping ??= (async () => {
        scheduler?.stop();
        await app?.close();
        await rt.background.settle();
        await runner?.stop();
        rt.mail?.close();
        await rt.database.close();
      })();
      return stopping;
    },
  };
}
