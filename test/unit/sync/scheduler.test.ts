/**
 * The sync scheduler with a fake clock: coalescing, debounce of local writes, periodic fallback,
 * exponential backoff with jitter after failures, and immediate retry on reconnection.
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
    // Notifications and local writes do not shorten the backoff…
    const runsBefore = t.runs.length;
    t.scheduler.trigger('notify');
    t.scheduler.trigger('local');
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
