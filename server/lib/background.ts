/**
 * Work a request starts but does not wait for: it runs after the answer is written, on the same
 * process, and is not durable (a crash in between loses it, so only work the person can simply
 * ask for again belongs here). The process waits for what is in flight before it stops, and tests
 * wait for it before they look.
 *
 * Why: an answer that must not tell what the work found. A password reset for an email with an
 * account wrote a reset link, a mail and an audit entry in a transaction before answering, and one
 * for an unknown email only an audit entry: 6–9 ms against 4–5.5 ms, enough to tell which emails
 * have accounts. Answered first, both take the same time.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly onError: (name: string, err: unknown) => void) {}

  /**
   * Runs `task` once `after` settles: the answer's `close` event, which a route passes so the task
   * starts only when the answer has been handed to the system (or the client has gone), or else the
   * end of the current turn of the event loop.
   */
  run(name: string, task: () => Promise<unknown>, after?: PromiseLike<unknown>): void {
    const start = after ? Promise.resolve(after).then(() => undefined) : new Promise<void>((resolve) => setImmediate(resolve));
    const done: Promise<void> = start
      .then(task)
      .then(
        () => undefined,
        (err: unknown) => this.onError(name, err),
      )
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Tasks started and not yet ended. */
  get pending(): number {
    return this.running.size;
  }

  /** Resolves once every task started so far (and any they started) has ended. */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
