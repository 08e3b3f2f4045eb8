/**
 * When to sync. One sync runs at a time; requests made while one runs are coalesced into one more
 * run right after it. Triggers:
 *  - 'notify'   a server change notification (LISTEN/NOTIFY) — run now;
 *  - 'local'    a local write — run soon (a short debounce groups a burst of writes);
 *  - 'periodic' fallback timer, in case a notification was missed;
 *  - 'reconnect' the connection came back (the machine woke up, the OS reports a network) — run
 *               now, backoff reset.
 * After a failure the next attempt waits base·2^(n-1), capped, with jitter (a random factor in
 * [0.5, 1]) so a fleet of devices does not reconnect in lockstep after a server restart.
 * While backing off, a local write or a notification does not wait for the backoff timer (up to
 * the cap, minutes): it brings ONE attempt forward (a local write after its debounce), so a write
 * made once the network is back leaves at once. The rest of that backoff period, further writes and
 * notifications wait for the timer; a failed early attempt counts as a failure and the backoff goes
 * on from there. So an offline device makes at most two attempts per backoff period, however much
 * the user writes.
 * Time and randomness are injected for tests.
 */

export type SyncTrigger = 'notify' | 'local' | 'periodic' | 'reconnect' | 'manual' | 'retry';

export interface TimerApi {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

export const realTimers: TimerApi = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
};

export interface SchedulerOptions {
  readonly periodMs?: number;
  readonly localDebounceMs?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
}

export interface SchedulerHooks {
  /** One sync; throws on failure. */
  run(trigger: SyncTrigger): Promise<void>;
  /** Called after each failure with the time of the next attempt. */
  onRetryScheduled?(at: number, failures: number): void;
}

export function backoffDelay(failures: number, baseMs: number, maxMs: number, random: number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exp * (0.5 + 0.5 * random));
}

export class SyncScheduler {
  private readonly periodMs: number;
  private readonly debounceMs: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private running = false;
  private again: SyncTrigger | null = null;
  private timer: unknown = null;
  private timerDue = Infinity;
  private stopped = true;
  private failures = 0;
  /** An attempt was brought forward during the current backoff period (see the header). */
  private earlyAttempt = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly hooks: SchedulerHooks,
    options: SchedulerOptions = {},
    private readonly timers: TimerApi = realTimers,
  ) {
    this.periodMs = options.periodMs ?? 60_000;
    this.debounceMs = options.localDebounceMs ?? 250;
    this.baseMs = options.backoffBaseMs ?? 1_000;
    this.maxMs = options.backoffMaxMs ?? 5 * 60_000;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.trigger('manual');
  }

  /** Stops the timers; resolves when a running sync has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.idle;
  }

  trigger(reason: SyncTrigger): void {
    if (this.stopped) return;
    if (reason === 'reconnect') {
      this.failures = 0;
      this.earlyAttempt = false;
    }
    if (this.running) {
      this.again ??= reason;
      return;
    }
    if (this.failures > 0 && reason !== 'manual' && reason !== 'retry') {
      // Backing off: one local write or notification per backoff period brings the attempt forward.
      if ((reason !== 'local' && reason !== 'notify') || this.earlyAttempt) return;
      this.earlyAttempt = true;
    }
    if (reason === 'local') this.schedule(this.debounceMs, 'local');
    else this.runNow(reason);
  }

  /** Resolves when no sync is running or scheduled to run immediately. */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  private schedule(ms: number, reason: SyncTrigger): void {
    const due = this.timers.now() + ms;
    if (this.timer !== null && this.timerDue <= due) return;
    this.clearTimer();
    this.timerDue = due;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.timerDue = Infinity;
      if (this.stopped) return;
      // The backoff timer fired: a new backoff period may bring one attempt forward again.
      if (reason === 'retry') this.earlyAttempt = false;
      if (this.running) this.again ??= reason;
      else this.runNow(reason);
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.timerDue = Infinity;
  }

  private runNow(reason: SyncTrigger): void {
    this.clearTimer();
    this.running = true;
    this.idle = (async () => {
      let ok = false;
      try {
        await this.hooks.run(reason);
        ok = true;
      } catch {
        ok = false;
      }
      this.running = false;
      if (this.stopped) return;
      if (ok) {
        this.failures = 0;
        this.earlyAttempt = false;
        const next = this.again;
        this.again = null;
        if (next !== null) {
          this.runNow(next);
          await this.idle;
          return;
        }
        this.schedule(this.periodMs, 'periodic');
      } else {
        this.failures++;
        const next = this.again;
        this.again = null;
        const delay = backoffDelay(this.failures, this.baseMs, this.maxMs, this.timers.random());
        this.clearTimer();
        this.schedule(delay, 'retry');
        this.hooks.onRetryScheduled?.(this.timers.now() + delay, this.failures);
        // A write, notification or reconnection that arrived during the failed attempt is handled as
        // if it came now, during the backoff (the rest — periodic, retry — waits for the timer).
        if (next === 'local' || next === 'notify' || next === 'reconnect') {
          this.trigger(next);
          if (this.running) await this.idle;
        }
      }
    })();
  }
}
