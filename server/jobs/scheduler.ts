import type { Runtime } from '../context.js';
import type { CronDefinition } from './define.js';
import { enqueueJob } from './queue.js';

/** The deterministic id of a cron slot: every scheduler computes the same one, so only one insert wins. */
export function cronSlotId(name: string, slotStart: number): string {
  return `job_cron_${name.replace(/[^a-z0-9]+/gi, '_')}_${slotStart}`;
}

/**
 * Queues each cron job once per period. Only the current slot is queued: sweep-style jobs do not
 * need to catch up every slot missed while no scheduler ran, just the latest.
 */
export class Scheduler {
  #timer: NodeJS.Timeout | undefined;
  #stopped = true;
  constructor(
    private readonly rt: Runtime,
    private readonly crons: readonly CronDefinition[],
    private readonly tickMs = 15_000,
  ) {}

  /** Queues the current slot of every cron; returns how many were new (0 when another scheduler was first). */
  async tick(): Promise<number> {
    const now = this.rt.clock.now();
    let queued = 0;
    for (const cron of this.crons) {
      const slot = Math.floor(now / cron.everyMs) * cron.everyMs;
      const id = cronSlotId(cron.name, slot);
      const { queued: isNew } = await enqueueJob({ rt: this.rt, db: this.rt.database.db }, cron.job, cron.payload, { id, runAt: slot });
      if (isNew) queued++;
    }
    return queued;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const loop = () => {
      this.tick()
        .catch((err: unknown) => this.rt.log.error({ err }, 'scheduler tick failed'))
        .finally(() => {
          if (this.#stopped) return;
          this.#timer = setTimeout(loop, this.tickMs);
          this.#timer.unref?.();
        });
    };
    loop();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
