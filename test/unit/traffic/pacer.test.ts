import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Limit, Pacer, PacingCancelled, describeRate, parseRate } from '../../../src/core/traffic/pacer';
import { PacingSession, pacedSend } from '../../../src/core/traffic/paced-send';
import type { Pacing } from '../../../src/core/traffic/limits';
import { FakeTime } from '../../support/fake-time';
import { maxInWindow } from '../../support/sliding-window';
import { collectedAmong } from '../../support/collectable';

test('no window of the period ever holds more than the cap, in burst and smooth modes', async () => {
  for (const smooth of [true, false]) {
    const time = new FakeTime();
    const pacer = new Pacer({ windows: [{ count: 5, windowMs: 1000 }], smooth, clock: time, sleep: time.sleep });
    const starts: number[] = [];
    const done = Promise.all(Array.from({ length: 23 }, () => pacer.run(async () => void starts.push(time.now()))));
    await time.advance(10_000);
    await done;
    assert.equal(starts.length, 23);
    assert.ok(maxInWindow(starts, 1000) <= 5, `smooth=${smooth}: ${maxInWindow(starts, 1000)} in one window`);
    // The cap is used, not undershot: 23 calls at 5 per second end within 5 seconds.
    assert.ok(starts.at(-1)! < 5000, `last start at ${starts.at(-1)}`);
  }
});

test('smooth pacing spreads starts evenly', async () => {
  const time = new FakeTime();
  const pacer = new Pacer({ windows: [{ count: 4, windowMs: 1000 }], clock: time, sleep: time.sleep });
  const starts: number[] = [];
  const done = Promise.all(Array.from({ length: 4 }, () => pacer.run(async () => void starts.push(time.now()))));
  await time.advance(2000);
  await done;
  assert.deepEqual(starts, [0, 250, 500, 750]);
});

test('every window counts: 12 per 6 s and 60 per minute together', async () => {
  const time = new FakeTime();
  const pacer = new Pacer({ windows: [{ count: 12, windowMs: 6000 }, { count: 60, windowMs: 60_000 }], smooth: false, clock: time, sleep: time.sleep });
  const starts: number[] = [];
  const done = Promise.all(Array.from({ length: 130 }, () => pacer.run(async () => void starts.push(time.now()))));
  await time.advance(200_000);
  await done;
  assert.ok(maxInWindow(starts, 6000) <= 12);
  assert.ok(maxInWindow(starts, 60_000) <= 60);
});

test('tasks start in the order they were given, whatever their own durations', async () => {
  const time = new FakeTime();
  const pacer = new Pacer({ windows: [{ count: 3, windowMs: 100 }], concurrency: 2, clock: time, sleep: time.sleep });
  const order: number[] = [];
  const tasks = Array.from({ length: 10 }, (_, i) => pacer.run(async () => {
    order.push(i);
    await time.sleep((10 - i) * 7, new AbortController().signal);
    return i;
  }));
  await time.advance(5000);
  assert.deepEqual(await Promise.all(tasks), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('never more tasks in flight than the concurrency cap', async () => {
  const time = new FakeTime();
  const pacer = new Pacer({ concurrency: 3, clock: time, sleep: time.sleep });
  let inFlight = 0;
  let most = 0;
  const tasks = Array.from({ length: 12 }, () => pacer.run(async () => {
    most = Math.max(most, ++inFlight);
    await time.sleep(50, new AbortController().signal);
    inFlight--;
  }));
  await time.advance(1000);
  await Promise.all(tasks);
  assert.equal(most, 3);
});

for (const mode of ['a concurrency cap alone', 'a window and a concurrency cap'] as const) {
  test(`a long queue lets finished tasks go (${mode}): their results do not live until the run ends`, async () => {
    const pacer = new Pacer(mode === 'a concurrency cap alone' ? { concurrency: 2 } : { concurrency: 2, windows: [{ count: 100_000, windowMs: 1000 }] });
    const refs: Array<WeakRef<object>> = [];
    let collectedEarly = -1;
    // 400 tasks queued at once, as Send All hands a large file to a paced run; each result is a 64 KB response.
    const calls = Array.from({ length: 400 }, (_, i) => pacer.run(async (answered) => {
      if (i === 300) collectedEarly = await collectedAmong(refs.slice(0, 200));
      await new Promise((resolve) => setImmediate(resolve));
      answered();
      return { index: i, body: new Uint8Array(65_536) };
    }).then((result) => {
      refs.push(new WeakRef(result));
    }));
    await Promise.all(calls);
    assert.equal(refs.length, 400);
    assert.equal(collectedEarly, 200, 'the first 200 results, long finished and dropped by their callers, were collected');
  });
}

test('cancel drops the queue: nothing queued is started afterwards, and later tasks are refused', async () => {
  const time = new FakeTime();
  const pacer = new Pacer({ windows: [{ count: 2, windowMs: 1000 }], smooth: false, clock: time, sleep: time.sleep });
  const started: number[] = [];
  const results = Array.from({ length: 6 }, (_, i) => pacer.run(async () => void started.push(i)).then(() => 'sent', (e: unknown) => e));
  await time.advance(1); // the first two go at once
  pacer.cancel();
  await time.advance(10_000);
  assert.deepEqual(started, [0, 1]);
  const outcomes = await Promise.all(results);
  assert.deepEqual(outcomes.slice(0, 2), ['sent', 'sent']);
  for (const o of outcomes.slice(2)) assert.ok(o instanceof PacingCancelled);
  await assert.rejects(pacer.run(async () => 1), PacingCancelled);
  assert.equal(pacer.waiting, 0);
});

test('one caller\'s abort drops only its own waiting tasks: another run on the same pacer keeps its turns and its slots', async () => {
  for (const mode of ['window', 'cap alone'] as const) {
    const time = new FakeTime();
    const pacer = mode === 'window'
      ? new Pacer({ windows: [{ count: 2, windowMs: 1000 }], smooth: false, clock: time, sleep: time.sleep })
      : new Pacer({ concurrency: 1, clock: time, sleep: time.sleep });
    const first = new AbortController();
    const second = new AbortController();
    const started: string[] = [];
    const starts: number[] = [];
    // Two runs interleaved on one pacer, as two sends of the editor under the same limit.
    const task = (name: string) => async (): Promise<string> => {
      started.push(name);
      starts.push(time.now());
      await time.sleep(mode === 'window' ? 0 : 100, new AbortController().signal);
      return name;
    };
    const outcomes = ['a1', 'b1', 'a2', 'b2', 'a3', 'b3', 'a4', 'b4'].map((name) =>
      pacer.run(task(name), name.startsWith('a') ? first.signal : second.signal).then((v) => v, (e: unknown) => (e instanceof PacingCancelled ? `${name} dropped` : e)));
    await time.advance(1);
    first.abort();
    assert.equal(pacer.waiting, mode === 'window' ? 3 : 4, `${mode}: only run b's waiting tasks are left`);
    await time.advance(10_000);
    const results = await Promise.all(outcomes);
    const sentBefore = mode === 'window' ? ['a1', 'b1'] : ['a1'];
    assert.deepEqual(started, [...sentBefore, ...['b1', 'b2', 'b3', 'b4'].filter((n) => !sentBefore.includes(n))], mode);
    for (const name of ['a2', 'a3', 'a4']) assert.ok(results.includes(`${name} dropped`), `${mode}: ${name} was dropped`);
    if (mode === 'window') {
      // The dropped tasks took no slot: b's last two calls go in the second and third windows (with a's taking
      // theirs, b4 would wait for a fourth).
      assert.ok(maxInWindow(starts, 1000) <= 2);
      assert.ok(starts.at(-1)! <= 2000, `${mode}: last start at ${starts.at(-1)}`);
    }
    // A later task of the aborted run is refused at once; the pacer still serves others.
    await assert.rejects(pacer.run(async () => 1, first.signal), PacingCancelled);
    const later = pacer.run(async () => 'later', new AbortController().signal);
    await time.advance(10_000);
    assert.equal(await later, 'later');
    assert.equal(pacer.waiting, 0);
  }
});

test('a failing task releases its slot and the queue goes on', async () => {
  const time = new FakeTime();
  const pacer = new Pacer({ concurrency: 1, clock: time, sleep: time.sleep });
  const a = pacer.run(async () => { throw new Error('boom'); }).catch((e: unknown) => e);
  const b = pacer.run(async () => 'b');
  await time.advance(1);
  assert.match(String(await a), /boom/);
  assert.equal(await b, 'b');
});

test('rates are read as calls per period, and bad ones say what to write', () => {
  assert.deepEqual(parseRate('15/s'), { rate: { count: 15, windowMs: 1000 } });
  assert.deepEqual(parseRate('100/min'), { rate: { count: 100, windowMs: 60_000 } });
  assert.deepEqual(parseRate('5000 / h'), { rate: { count: 5000, windowMs: 3_600_000 } });
  assert.deepEqual(parseRate('12/6s'), { rate: { count: 12, windowMs: 6000 } });
  assert.deepEqual(parseRate('500/1000ms'), { rate: { count: 500, windowMs: 1000 } });
  for (const bad of ['fast', '0/s', '15', '15/day', '-3/s']) {
    const r = parseRate(bad);
    assert.ok('error' in r && r.error.includes('15/s'), bad);
  }
  assert.equal(describeRate({ count: 500, windowMs: 1000 }), '500 calls / 1 s');
  assert.equal(describeRate({ count: 60, windowMs: 60_000 }), '60 calls / 1 min');
});

test('a stalled writer and a late timer never put more than the cap in any window', async () => {
  const time = new FakeTime();
  // The event loop (or the connection pool) cannot write between 500 and 800 ms; released calls wait for it.
  const stalled = (now: number): boolean => now >= 500 && now < 800;
  // One pacer timer fires 300 ms late (a GC pause), and the pacer catches up on its schedule.
  let late = true;
  const sleep: typeof time.sleep = (ms, signal) => {
    const extra = late && time.now() >= 2500 ? 300 : 0;
    if (extra > 0) late = false;
    return time.sleep(ms + extra, signal);
  };
  const pacer = new Pacer({ windows: [{ count: 100, windowMs: 1000 }], clock: time, sleep });
  const writes: number[] = [];
  const tasks = Array.from({ length: 450 }, () => pacer.run(async () => {
    if (stalled(time.now())) await time.sleep(800 - time.now(), new AbortController().signal);
    writes.push(time.now());
  }));
  await time.advance(20_000);
  await Promise.all(tasks);
  assert.equal(writes.length, 450);
  assert.ok(maxInWindow(writes, 1000) <= 100, `${maxInWindow(writes, 1000)} calls written in one 1 s window`);
  // The cap is still used: 450 calls at 100 / s are written in well under 6 s.
  assert.ok(writes.at(-1)! < 6000, `last write at ${writes.at(-1)}`);
});

test('a call that ends without an answer (refused before the wire, failed to connect) still counts, when it ends', async () => {
  const time = new FakeTime();
  const pacer = new Pacer({ windows: [{ count: 2, windowMs: 1000 }], smooth: false, clock: time, sleep: time.sleep });
  const starts: number[] = [];
  const tasks = Array.from({ length: 4 }, () => pacer.run(async () => void starts.push(time.now())));
  await time.advance(3000);
  await Promise.all(tasks);
  assert.deepEqual(starts, [0, 0, 1000, 1000]);
});

test('a later write of a started call (slot) goes before queued tasks and needs no concurrency slot', async () => {
  const time = new FakeTime();
  const pacer = new Pacer({ windows: [{ count: 2, windowMs: 1000 }], concurrency: 1, smooth: false, clock: time, sleep: time.sleep });
  const writes: Array<[string, number]> = [];
  const first = pacer.run(async () => {
    writes.push(['a', time.now()]);
    // Its retry, while b waits for the concurrency slot a holds: a deadlock if the retry queued behind b.
    const slot = await pacer.slot();
    writes.push(['a again', time.now()]);
    slot.done();
  });
  const second = pacer.run(async () => {
    writes.push(['b', time.now()]);
  });
  await time.advance(5000);
  await Promise.all([first, second]);
  assert.deepEqual(writes, [['a', 0], ['a again', 0], ['b', 1000]]);
});

/** Calls per second from the first start to the last, as a server counts a run's rate. */
const achievedRate = (starts: readonly number[]): number => ((starts.length - 1) * 1000) / (starts.at(-1)! - starts[0]!);

test('a batch handed over in one go is paced from when the hand-over ends, so the time it took is not lost', async () => {
  const time = new FakeTime();
  const pacer = new Pacer({ windows: [{ count: 100, windowMs: 1000 }], clock: time, sleep: time.sleep });
  const starts: number[] = [];
  const tasks: Array<Promise<void>> = [];
  // The caller spends 1 ms on each of 300 hand-overs without yielding (10,000 pacedSend calls in a loop do).
  for (let i = 0; i < 300; i++) {
    tasks.push(pacer.run(async () => void starts.push(time.now())));
    time.stall(1);
  }
  await time.advance(10_000);
  await Promise.all(tasks);
  assert.equal(starts.length, 300);
  assert.ok(achievedRate(starts) >= 99, `${achievedRate(starts).toFixed(1)} calls/s from the first start to the last, 100/s asked`);
  assert.ok(maxInWindow(starts, 1000) <= 100);
});

test('a queue that runs empty for a moment (callers keeping a few requests in flight) does not lose the slots it skipped', async () => {
  const time = new FakeTime();
  const pacer = new Pacer({ windows: [{ count: 100, windowMs: 1000 }], clock: time, sleep: time.sleep });
  const starts: number[] = [];
  // Two workers, each sending its next call when its last one is over; calls take 5 to 25 ms (15 on average), so
  // together they could send 133/s: enough for 100/s, but now and then neither has a call queued when a slot comes.
  const durations = [5, 25, 12, 18, 7, 23, 15, 9, 21, 15];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < 300) {
      const duration = durations[next++ % durations.length]!;
      await pacer.run(async () => {
        starts.push(time.now());
        await time.sleep(duration, new AbortController().signal);
      });
    }
  };
  const done = Promise.all([worker(), worker()]);
  await time.advance(10_000);
  await done;
  assert.equal(starts.length, 300);
  // A window counts a call until its answer is in, so each window's worth takes a window plus one call (15 ms).
  assert.ok(achievedRate(starts) >= 98, `${achievedRate(starts).toFixed(1)} calls/s from the first start to the last, 100/s asked`);
  assert.ok(maxInWindow(starts, 1000) <= 100);
});

test('a call counts when its answer is in: the next window\'s call waits a window after that answer, so a call slow on its way never packs the server\'s window', async () => {
  const time = new FakeTime();
  const session = new PacingSession({ clock: time, sleep: time.sleep });
  const pacing: Pacing = { windows: [{ count: 100, windowMs: 1000 }], key: 'answered', sources: [], description: 'rate 100 calls / 1 s' };
  const writes: number[] = [];
  const arrivals: number[] = [];
  // Every seventh call is held 40 ms on its way (a busy gateway, a server stalled by GC); the first one too. Its
  // answer leaves when it arrives. Counted when written, calls 0 and 100 would arrive 960 ms apart.
  const sender = {
    send: async (request: { method: string; url: string }) => {
      const delay = writes.length % 7 === 0 ? 40 : 1;
      writes.push(time.now());
      await time.sleep(delay, new AbortController().signal);
      arrivals.push(time.now());
      return { request: { method: request.method, url: request.url, headers: [] } };
    },
  };
  const done = Promise.all(Array.from({ length: 300 }, (_, i) => pacedSend(session, sender, { request: { method: 'GET', url: `https://api.example.test/${i}`, headers: [], options: {} }, pacing })));
  await time.advance(10_000);
  await done;
  // The first call goes alone and its answer (at 40 ms) opens the schedule: the server sees the rate asked from its
  // first arrival on. The 101st call waits past a window after the first write, for an answer to leave the window.
  assert.deepEqual(writes.slice(0, 3), [0, 50, 60]);
  assert.ok(writes[100]! > 1000, `the 101st call was written at ${writes[100]} ms`);
  assert.ok(maxInWindow(arrivals, 1000) <= 100, `${maxInWindow(arrivals, 1000)} arrivals in one 1 s window`);
  // The rate holds: 300 calls at 100 / s take a little over 2 s, each window longer only by a slow answer.
  assert.ok(writes[299]! < 3100, `the 300th call was written at ${writes[299]} ms`);
});

/** Start times of `count` calls paced at 100 / s, the event loop busy for `ms` right after call `at` starts. */
async function startsWithStall(count: number, at: number, ms: number): Promise<number[]> {
  const time = new FakeTime();
  const pacer = new Pacer({ windows: [{ count: 100, windowMs: 1000 }], clock: time, sleep: time.sleep });
  const starts: number[] = [];
  const tasks = Array.from({ length: count }, (_, i) => pacer.run(async () => {
    starts.push(time.now());
    if (i === at) time.stall(ms);
  }));
  await time.advance(10_000);
  await Promise.all(tasks);
  return starts;
}

test('calls a stall bunched up in one window\'s worth go together again in the next, so the stall is not lost once more in every later window', async () => {
  // The event loop is busy for 50 ms after the 51st call: the next five go together when it is free again.
  const starts = await startsWithStall(300, 50, 50);
  assert.deepEqual(starts.slice(51, 56), [550, 550, 550, 550, 550]);
  // Their slots open together 1,000 ms later, and again 2,000 ms later: the third window's worth starts on time.
  assert.deepEqual(starts.slice(151, 156), [1550, 1550, 1550, 1550, 1550]);
  assert.equal(starts[200], 2000);
  assert.ok(maxInWindow(starts, 1000) <= 100);
});

test('a process that stalls 300 ms at its start (a CLI compiling its code) makes the time up within the window, so the rate holds', async () => {
  // The first call goes alone; the stall comes after the second.
  const starts = await startsWithStall(200, 1, 300);
  // The 30 calls due during the stall go when it ends; the first window's worth is done within its second.
  assert.deepEqual(starts.slice(0, 3), [0, 10, 310]);
  assert.ok(starts[99]! < 1000, `the 100th call started at ${starts[99]} ms`);
  // 200 calls at 100 per second: the last one a second after the 100th window's worth, not 300 ms later.
  assert.ok(starts[199]! < 2000, `the 200th call started at ${starts[199]} ms`);
  assert.ok(maxInWindow(starts, 1000) <= 100);
});

test('a limit shared by two pacers is one budget: their calls together never exceed it, each pacer keeping its own other limits', async () => {
  const time = new FakeTime();
  // A capping config of 4 calls / 1 s, under which some requests also carry their own # @rate 100/s.
  const capping = new Limit([{ count: 4, windowMs: 1000 }]);
  const own = new Limit([{ count: 100, windowMs: 1000 }]);
  const plain = new Pacer({ limits: [capping], clock: time, sleep: time.sleep });
  const rated = new Pacer({ limits: [capping, own], clock: time, sleep: time.sleep });
  const starts: number[] = [];
  const call = async (): Promise<void> => void starts.push(time.now());
  const done = Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? plain : rated).run(call)));
  await time.advance(30_000);
  await done;
  assert.equal(starts.length, 20);
  assert.ok(maxInWindow(starts, 1000) <= 4, `${maxInWindow(starts, 1000)} calls in one second under a shared cap of 4: ${starts.join(', ')}`);
  // Each pacer alone would have sent 4 a second: together they still get the whole cap, not half of it.
  assert.ok(starts.at(-1)! < 6000, `last start at ${starts.at(-1)}`);
});

test('a retry holding a shared connection waits only for its window, never for a task that waits for that connection', async () => {
  const time = new FakeTime();
  // One connection and 2 calls / 1 s under a config; one pacer's requests also have their own rate.
  const rate = new Limit([{ count: 2, windowMs: 1000 }]);
  const connection = new Limit([], 1);
  const own = new Limit([{ count: 10, windowMs: 1000 }]);
  const first = new Pacer({ limits: [rate, connection], clock: time, sleep: time.sleep });
  const second = new Pacer({ limits: [rate, connection, own], clock: time, sleep: time.sleep });
  const events: string[] = [];
  // A's call is answered 429 and retried: the retry asks for a window slot while A holds the connection.
  const a = first.run(async (answered) => {
    events.push(`A at ${time.now()}`);
    answered();
    const slot = await first.slot();
    events.push(`A retry at ${time.now()}`);
    slot.done();
  });
  const b = second.run(async () => void events.push(`B at ${time.now()}`));
  let settled = false;
  void Promise.all([a, b]).then(() => (settled = true));
  await time.advance(10_000);
  assert.ok(settled, `stuck after ${events.join(', ')}`);
  // B needs the connection A holds, so it goes after A's retry; the retry took a slot of the shared window.
  assert.deepEqual(events.map((e) => e.split(' at ')[0]), ['A', 'A retry', 'B']);
  const times = events.map((e) => Number(e.split(' at ')[1]));
  assert.ok(maxInWindow(times, 1000) <= 2, events.join(', '));
});

test('a shared connection cap goes to the task that has waited longest, whichever pacer it waits in', async () => {
  const connections = new Limit([], 2);
  const x = new Pacer({ limits: [connections] });
  const y = new Pacer({ limits: [connections, new Limit([], 5)] });
  const order: string[] = [];
  const releases: Array<() => void> = [];
  const task = (name: string) => () => new Promise<void>((resolve) => {
    order.push(name);
    releases.push(resolve);
  });
  const all = [x.run(task('x1')), x.run(task('x2')), y.run(task('y1')), x.run(task('x3')), y.run(task('y2'))];
  assert.deepEqual(order, ['x1', 'x2']);
  for (let i = 0; i < 3; i++) {
    releases.shift()!();
    await new Promise((r) => setImmediate(r));
  }
  assert.deepEqual(order, ['x1', 'x2', 'y1', 'x3', 'y2']);
  for (const release of releases.splice(0)) release();
  await Promise.all(all);
  assert.equal(x.inFlight + y.inFlight, 0);
});
