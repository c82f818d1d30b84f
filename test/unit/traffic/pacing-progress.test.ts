// Send All's pacing (the editor): the CLI's PacingScheduler handed to one RunContext send, and the words the
// progress notification shows about what paces the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunContext } from '../../../src/core/run/run-context';
import type { RequestSender } from '../../../src/core/http/file-runner';
import type { RequestResult, ResolvedRequest } from '../../../src/core/http/types';
import type { CappingConfig, ThrottlingConfig } from '../../../src/core/journey/types';
import { describePacing, ObservedPacingScheduler, shortRate } from '../../../src/core/traffic/pacing-progress';
import { resolvePacing } from '../../../src/core/traffic/limits';
import { PacingSession } from '../../../src/core/traffic/paced-send';
import { FakeTime } from '../../support/fake-time';
import { maxInWindow } from '../../support/sliding-window';

class TimedSender implements RequestSender {
  readonly starts: number[] = [];
  constructor(private readonly time: FakeTime) {}
  async send(request: ResolvedRequest): Promise<RequestResult> {
    this.starts.push(this.time.now());
    return {
      request: { method: request.method, url: request.url, headers: request.headers },
      response: { status: 200, statusText: 'OK', headers: [], body: new Uint8Array(), url: request.url, timings: { firstByteMs: 1, totalMs: 1 } },
    };
  }
}

async function contextFor(source: string, sender: RequestSender, concurrency?: number): Promise<RunContext> {
  return RunContext.create({
    concurrency,
    filePath: '/nowhere/paced.http',
    source,
    workspaceRoot: '/nowhere',
    readFile: async () => {
      throw Object.assign(new Error('absent'), { code: 'ENOENT' });
    },
    fileRoots: ['/nowhere'],
    howToAllow: '',
    processEnv: {},
    sender,
  });
}

const tenRequests = (head: string): string =>
  [head, ...Array.from({ length: 10 }, (_, i) => `### r${i}\nGET https://api.example.org/items/${i}\n`)].join('\n');

test('a send given its own scheduler keeps # @rate 2/s: no 1 s window holds more than 2, and the progress names # @rate', async () => {
  const time = new FakeTime();
  const sender = new TimedSender(time);
  const context = await contextFor(tenRequests('# @rate 2/s\n'), sender);
  const told: string[] = [];
  const scheduler = new ObservedPacingScheduler({ file: context.file.filePacing, clock: time, sleep: time.sleep }, (d) => told.push(d));
  const run = context.send(context.file.blocks.map((b) => b.index), { scheduler });
  await time.advance(20_000);
  const runs = await run;
  assert.equal(runs.length, 10);
  assert.equal(sender.starts.length, 10);
  assert.ok(maxInWindow(sender.starts, 1000) <= 2, `${maxInWindow(sender.starts, 1000)} sends in one second: ${sender.starts.join(', ')}`);
  assert.deepEqual(told, ['paced 2/s by # @rate']);
  assert.equal(scheduler.pacedBy, 'paced 2/s by # @rate');
});

test('cancel drops what waits for its turn: those requests answer as not sent', async () => {
  const time = new FakeTime();
  const sender = new TimedSender(time);
  const context = await contextFor(tenRequests('# @rate 2/s\n'), sender);
  const scheduler = new ObservedPacingScheduler({ file: context.file.filePacing, clock: time, sleep: time.sleep });
  const controller = new AbortController();
  const run = context.send(context.file.blocks.map((b) => b.index), { scheduler, signal: controller.signal });
  await time.advance(1500);
  controller.abort();
  scheduler.cancel();
  await time.advance(20_000);
  const runs = await run;
  assert.ok(sender.starts.length < 10, `sent ${sender.starts.length}`);
  assert.equal(runs.filter((r) => r.result.error?.kind === 'aborted').length, 10 - sender.starts.length);
});

test('a deployed capping config is named by its URL and limit; throttling, known limits and concurrency in words', () => {
  const capping: CappingConfig = {
    uid: 'c1',
    url: 'https://api.example.org/items/*',
    methods: ['GET'],
    state: 'deployed',
    services: { dataSource: { maxHttpConnections: 5, rating: { maxCallsCount: 500, periodInMs: 1000 } } },
    deployedConfig: { url: 'https://api.example.org/items/*', methods: ['GET'], services: { dataSource: { maxHttpConnections: 5, rating: { maxCallsCount: 500, periodInMs: 1000 } } } },
  };
  const throttling: ThrottlingConfig = { uid: 't1', urlPattern: 'https://api.example.org/orders/*', methods: ['POST'], maxThroughput: 4000, state: 'deployed' } as ThrottlingConfig;
  const configs = { capping: [capping], throttling: [throttling] };
  const atCapping = resolvePacing({ method: 'GET', url: 'https://api.example.org/items/1', ...configs });
  assert.equal(describePacing(atCapping, configs), 'paced by capping config https://api.example.org/items/* (500 / 1 s)');
  const atThrottling = resolvePacing({ method: 'POST', url: 'https://api.example.org/orders/1', ...configs });
  assert.match(describePacing(atThrottling, configs), /^paced by throttling config https:\/\/api\.example\.org\/orders\/\* \(4000\/s, FIFO\)$/);
  assert.match(describePacing(resolvePacing({ method: 'GET', url: 'https://cja.adobe.io/data/dataviews' })), /^paced by CJA limits/);
  assert.equal(describePacing(resolvePacing({ method: 'GET', url: 'https://x.example/', file: { concurrency: 4 } })), '4 at a time by # @concurrency');
  assert.equal(describePacing(resolvePacing({ method: 'GET', url: 'https://x.example/' })), '');
  assert.deepEqual([shortRate({ count: 10, windowMs: 1000 }), shortRate({ count: 12, windowMs: 6000 }), shortRate({ count: 100, windowMs: 60_000 })], ['10/s', '12 / 6 s', '100/min']);
});

// The editor's window: every send (Send Request, Send All, a test run) gets its own scheduler on one shared session.
test('sends sharing a session share a Journey config\'s budget: two files at once never exceed it, and one send\'s cancel leaves the other its turns', async () => {
  const time = new FakeTime();
  const sender = new TimedSender(time);
  const capping: CappingConfig = {
    uid: 'c1', url: 'https://api.example.org/items/*', methods: ['GET'], state: 'deployed',
    services: { dataSource: { maxHttpConnections: 5, rating: { maxCallsCount: 4, periodInMs: 1000 } } },
    deployedConfig: { url: 'https://api.example.org/items/*', methods: ['GET'], services: { dataSource: { maxHttpConnections: 5, rating: { maxCallsCount: 4, periodInMs: 1000 } } } },
  };
  const session = new PacingSession({ clock: time, sleep: time.sleep });
  // A keeps all ten in the queue at once (a run with concurrency), B one at a time (Send All's default).
  const a = await contextFor(tenRequests(''), sender, 10);
  const b = await contextFor(tenRequests(''), sender);
  const schedulerA = new ObservedPacingScheduler({ session, keyScope: 'a.http', capping: [capping] });
  const schedulerB = new ObservedPacingScheduler({ session, keyScope: 'b.http', capping: [capping] });
  const cancelA = new AbortController();
  const runA = a.send(a.file.blocks.map((x) => x.index), { scheduler: schedulerA, signal: cancelA.signal });
  const runB = b.send(b.file.blocks.map((x) => x.index), { scheduler: schedulerB });
  await time.advance(1500);
  cancelA.abort();
  schedulerA.cancel(); // the session is not A's own: this must not stop B
  await time.advance(20_000);
  const [resultsA, resultsB] = await Promise.all([runA, runB]);
  assert.ok(maxInWindow(sender.starts, 1000) <= 4, `${maxInWindow(sender.starts, 1000)} calls in one second under a cap of 4: ${sender.starts.join(', ')}`);
  assert.equal(resultsB.filter((r) => r.result.response?.status === 200).length, 10, 'B sent all ten');
  const sentA = resultsA.filter((r) => r.result.response?.status === 200).length;
  assert.ok(sentA > 0 && sentA < 10, `A sent ${sentA} before its cancel`);
  assert.equal(resultsA.filter((r) => r.result.error?.kind === 'aborted').length, 10 - sentA);
  // A's dropped requests took no slot: B's ten and A's few went at the cap's pace, four a second.
  assert.ok(sender.starts.at(-1)! < Math.ceil((10 + sentA) / 4) * 1000, `last call at ${sender.starts.at(-1)}`);
});

test('a file\'s own # @rate is shared by that file\'s sends only: another file\'s same rate is another budget', async () => {
  const time = new FakeTime();
  const sender = new TimedSender(time);
  const session = new PacingSession({ clock: time, sleep: time.sleep });
  const a = await contextFor(tenRequests('# @rate 2/s\n'), sender);
  const b = await contextFor(tenRequests('# @rate 2/s\n'), sender);
  const send = (context: RunContext, scope: string) =>
    context.send(context.file.blocks.map((x) => x.index), { scheduler: new ObservedPacingScheduler({ session, keyScope: scope, file: context.file.filePacing }) });
  // Two sends of one file (Send All and a test run): 20 calls at 2/s together.
  const sameFile = Promise.all([send(a, 'a.http'), send(a, 'a.http')]);
  await time.advance(30_000);
  await sameFile;
  assert.ok(maxInWindow(sender.starts, 1000) <= 2, `one file's two sends: ${maxInWindow(sender.starts, 1000)} in one second`);
  // Two files: each keeps its own 2/s.
  sender.starts.length = 0;
  const twoFiles = Promise.all([send(a, 'a.http'), send(b, 'b.http')]);
  await time.advance(30_000);
  await twoFiles;
  assert.equal(maxInWindow(sender.starts, 1000), 4, `two files at 2/s each: ${sender.starts.join(', ')}`);
});
test('a Journey config\'s budget is one, whatever else paces a request: a file with its own # @rate and one without never exceed it together', async () => {
  const time = new FakeTime();
  const sender = new TimedSender(time);
  const capping: CappingConfig = {
    uid: 'c2', url: 'https://api.example.org/items/*', methods: ['GET'], state: 'deployed',
    services: { dataSource: { maxHttpConnections: 5, rating: { maxCallsCount: 4, periodInMs: 1000 } } },
    deployedConfig: { url: 'https://api.example.org/items/*', methods: ['GET'], services: { dataSource: { maxHttpConnections: 5, rating: { maxCallsCount: 4, periodInMs: 1000 } } } },
  };
  // One session, as `aio-requests run a.http b.http` or the editor's window has.
  const session = new PacingSession({ clock: time, sleep: time.sleep });
  const plain = await contextFor(tenRequests(''), sender, 10);
  const ownRate = await contextFor(tenRequests('# @rate 100/s\n'), sender, 10);
  const send = (context: RunContext, scope: string) =>
    context.send(context.file.blocks.map((x) => x.index), { scheduler: new ObservedPacingScheduler({ session, keyScope: scope, file: context.file.filePacing, capping: [capping] }) });
  const both = Promise.all([send(plain, 'a.http'), send(ownRate, 'b.http')]);
  await time.advance(30_000);
  const [a, b] = await both;
  assert.equal(a.filter((r) => r.result.response?.status === 200).length + b.filter((r) => r.result.response?.status === 200).length, 20);
  assert.ok(maxInWindow(sender.starts, 1000) <= 4, `${maxInWindow(sender.starts, 1000)} calls in one second under a cap of 4: ${sender.starts.join(', ')}`);
});
