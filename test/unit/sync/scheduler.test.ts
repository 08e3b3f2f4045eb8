/**
 * The sync scheduler with a fake clock: coalescing, debounce of local writes, periodic fallback,
 * exponential backoff with jitter after failures, immediate retry on reconnection, and one attempt
 * brought forward per backoff period by a local write or a notification.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay, SyncScheduler, type SyncTrigger, type TimerApi } from '../../../src/main/sync/scheduler.js';

class FakeTimers implements TimerApi {
  time = 0;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  constructor(private readonly rnd = 1) {}
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  random(): number {
    return this.rnd;
  }
  pending(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.time).sort((a, b) => a - b);
  }
  /** Advances time, firing due timers in order, letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await flush();
      const next = [...this.timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > end) break;
      this.time = next[1].at;
      this.timers.delete(next[0]);
      next[1].fn();
    }
    this.time = end;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function setup(fail: () => boolean = () => false, rnd = 1) {
  const timers = new FakeTimers(rnd);
  const runs: SyncTrigger[] = [];
  const retries: number[] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const scheduler = new SyncScheduler(
    {
      run: async (trigger) => {
        runs.push(trigger);
        if (hold) await new Promise<void>((r) => (release = r));
        if (fail()) throw new Error('network down');
      },
      onRetryScheduled: (at) => retries.push(at - timers.now()),
    },
    { periodMs: 60_000, localDebounceMs: 200, backoffBaseMs: 1_000, backoffMaxMs: 30_000 },
    timers,
  );
  return {
    timers,
    runs,
    retries,
    scheduler,
    hold: (v: boolean) => (hold = v),
    release: () => release?.(),
  };
}

describe('sync scheduler', () => {
  it('runs at start, then periodically as a fallback', async () => {
    const t = setup();
    t.scheduler.start();
    await t.timers.advance(0);
    expect(t.runs).toEqual(['manual']);
    await t.timers.advance(60_000);
    expect(t.runs).toEqual(['manual', 'periodic']);
    await t.timers.advance(120_000);
    expect(t.runs).toHaveLength(4);
    await t.scheduler.stop();
  });

  it('a notification runs at once; local writes are debounced into one run', async () => {
    const t = setup();
    t.scheduler.start();
    await t.timers.advance(0);
    t.scheduler.trigger('notify');
    await t.timers.advance(0);
    expect(t.runs).toEqual(['manual', 'notify']);
    t.scheduler.trigger('local');
    await t.timers.advance(100);
    t.scheduler.trigger('local');
    t.scheduler.trigger('local');
    await t.timers.advance(99);
    expect(t.runs).toHaveLength(2);
    await t.timers.advance(1);
    expect(t.runs).toEqual(['manual', 'notify', 'local']);
    await t.scheduler.stop();
  });

  it('requests made during a run are coalesced into one more run', async () => {
    const t = setup();
    t.hold(true);
    t.scheduler.start();
    await t.timers.advance(0);
    t.scheduler.trigger('notify');
    t.scheduler.trigger('notify');
    t.scheduler.trigger('local');
    t.hold(false);
    t.release();
    await t.timers.advance(0);
    expect(t.runs).toEqual(['manual', 'notify']);
    await t.scheduler.stop();
  });

  it('backs off exponentially with jitter while the network is down, up to the cap', async () => {
    let down = true;
    const t = setup(() => down);
    t.scheduler.start();
    await t.timers.advance(0);
    for (let i = 0; i < 7; i++) await t.timers.advance(t.timers.pending()[0]!);
    expect(t.retries).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    // Periodic and retry requests do not shorten the backoff…
    const runsBefore = t.runs.length;
    t.scheduler.trigger('periodic');
    await t.timers.advance(0);
    expect(t.runs).toHaveLength(runsBefore);
    // …a reconnection does: immediate run, backoff reset.
    down = false;
    t.scheduler.trigger('reconnect');
    await t.timers.advance(0);
    expect(t.runs.at(-1)).toBe('reconnect');
    expect(t.scheduler.consecutiveFailures).toBe(0);
    expect(t.timers.pending()).toEqual([60_000]);
    await t.scheduler.stop();
  });

  it('while backing off, a local write brings one attempt forward: the network is back, it is sent at once', async () => {
    let down = true;
    const t = setup(() => down);
    t.scheduler.start();
    await t.timers.advance(0);
    for (let i = 0; i < 6; i++) await t.timers.advance(t.timers.pending()[0]!);
    // Seven failures: the next retry is 30 s away.
    expect(t.scheduler.consecutiveFailures).toBe(7);
    expect(t.timers.pending()).toEqual([30_000]);
    const before = t.runs.length;
    down = false;
    t.scheduler.trigger('local');
    t.scheduler.trigger('local');
    t.scheduler.trigger('notify');
    // One attempt, after the local debounce (not after the 30 s backoff), for the whole burst.
    await t.timers.advance(199);
    expect(t.runs).toHaveLength(before);
    await t.timers.advance(1);
    expect(t.runs.slice(before)).toEqual(['local']);
    expect(t.scheduler.consecutiveFailures).toBe(0);
    // Back to normal: the periodic fallback, no retry left.
    expect(t.timers.pending()).toEqual([60_000]);
    await t.scheduler.stop();
  });

  it('a notification during the backoff runs at once (the server answered)', async () => {
    let down = true;
    const t = setup(() => down);
    t.scheduler.start();
    await t.timers.advance(0);
    for (let i = 0; i < 3; i++) await t.timers.advance(t.timers.pending()[0]!);
    const before = t.runs.length;
    down = false;
    t.scheduler.trigger('notify');
    await t.timers.advance(0);
    expect(t.runs.slice(before)).toEqual(['notify']);
    expect(t.scheduler.consecutiveFailures).toBe(0);
    await t.scheduler.stop();
  });

  it('still offline: one early attempt per backoff period, which counts as a failure; no hammering', async () => {
    const t = setup(() => true);
    t.scheduler.start();
    await t.timers.advance(0);
    for (let i = 0; i < 3; i++) await t.timers.advance(t.timers.pending()[0]!);
    // Four failures: next retry in 8 s.
    expect(t.retries).toEqual([1_000, 2_000, 4_000, 8_000]);
    const before = t.runs.length;
    // A user writing every 100 ms for 7 s while the network is still down.
    for (let i = 0; i < 70; i++) {
      t.scheduler.trigger('local');
      t.scheduler.trigger('notify');
      await t.timers.advance(100);
    }
    // One early attempt (after the debounce); it failed: the backoff goes on (fifth failure, 16 s),
    // and the other 69 writes waited.
    expect(t.runs.slice(before)).toEqual(['local']);
    expect(t.scheduler.consecutiveFailures).toBe(5);
    expect(t.retries.at(-1)).toBe(16_000);
    // The backoff timer fires (a retry), then a new period allows one early attempt again.
    await t.timers.advance(t.timers.pending()[0]!);
    expect(t.runs.slice(before)).toEqual(['local', 'retry']);
    t.scheduler.trigger('local');
    t.scheduler.trigger('local');
    await t.timers.advance(200);
    expect(t.runs.slice(before)).toEqual(['local', 'retry', 'local']);
    t.scheduler.trigger('local');
    await t.timers.advance(10_000);
    expect(t.runs.slice(before)).toEqual(['local', 'retry', 'local']);
    await t.scheduler.stop();
  });

  it('a write made during a failing attempt is not lost: it gets the early attempt of the next period', async () => {
    let down = true;
    const t = setup(() => down);
    t.scheduler.start();
    await t.timers.advance(0);
    await t.timers.advance(t.timers.pending()[0]!);
    expect(t.scheduler.consecutiveFailures).toBe(2);
    // The 4 s retry runs; the network comes back and the user writes while it is failing.
    t.hold(true);
    await t.timers.advance(t.timers.pending()[0]!);
    expect(t.runs.at(-1)).toBe('retry');
    t.scheduler.trigger('local');
    t.hold(false);
    t.release();
    await t.timers.advance(0);
    down = false;
    expect(t.scheduler.consecutiveFailures).toBe(3);
    await t.timers.advance(200);
    expect(t.runs.at(-1)).toBe('local');
    expect(t.scheduler.consecutiveFailures).toBe(0);
    await t.scheduler.stop();
  });

  it('a reconnection during a failing attempt runs once more right after it, backoff reset', async () => {
    let down = true;
    let upAfterThisAttempt = false;
    const t = setup(() => {
      const failed = down;
      if (upAfterThisAttempt) down = false;
      return failed;
    });
    t.scheduler.start();
    await t.timers.advance(0);
    for (let i = 0; i < 4; i++) await t.timers.advance(t.timers.pending()[0]!);
    t.hold(true);
    await t.timers.advance(t.timers.pending()[0]!);
    t.scheduler.trigger('reconnect');
    t.scheduler.trigger('reconnect');
    // The held attempt fails; the network is back for the next one.
    upAfterThisAttempt = true;
    t.hold(false);
    t.release();
    await t.timers.advance(0);
    expect(t.runs.slice(-2)).toEqual(['retry', 'reconnect']);
    expect(t.runs.filter((r) => r === 'reconnect')).toHaveLength(1);
    expect(t.scheduler.consecutiveFailures).toBe(0);
    expect(t.timers.pending()).toEqual([60_000]);
    await t.scheduler.stop();
  });

  it('jitter spreads retries between half and all of the delay', () => {
    expect(backoffDelay(1, 1000, 60_000, 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, 1)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, 0.5)).toBe(6000);
    expect(backoffDelay(20, 1000, 60_000, 1)).toBe(60_000);
  });

  it('stop() cancels timers and waits for the running sync', async () => {
    const t = setup();
    t.hold(true);
    t.scheduler.start();
    await t.timers.advance(0);
    let stopped = false;
    const stopping = t.scheduler.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    t.release();
    await stopping;
    expect(t.timers.pending()).toEqual([]);
    t.scheduler.trigger('notify');
    await t.timers.advance(100_000);
    expect(t.runs).toEqual(['manual']);
  });
});
