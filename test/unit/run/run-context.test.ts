import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RunContext, type RunContextOptions } from '../../../src/core/run/run-context';
import { ResultsStore } from '../../../src/core/run/results-store';
import type { RequestSender } from '../../../src/core/http/file-runner';
import type { RequestResult, ResolvedRequest } from '../../../src/core/http/types';

const FILE = `### Login
# @name login
POST https://api.example/login

### Profile
# @name profile
GET https://api.example/me
Authorization: Bearer {{login.response.body.$.token}}
`;

class RecordingSender implements RequestSender {
  readonly sent: ResolvedRequest[] = [];
  async send(request: ResolvedRequest): Promise<RequestResult> {
    this.sent.push(request);
    const body = new TextEncoder().encode(JSON.stringify({ token: `t-${this.sent.length}` }));
    return {
      request: { method: request.method, url: request.url, headers: request.headers },
      response: { status: 200, statusText: 'OK', headers: [], body, url: request.url, timings: { firstByteMs: 1, totalMs: 1 } },
    };
  }
}

function options(extra: Partial<RunContextOptions> = {}): RunContextOptions {
  return {
    filePath: '/nowhere/requests.http',
    source: FILE,
    workspaceRoot: '/nowhere',
    readFile: async () => {
      throw Object.assign(new Error('absent'), { code: 'ENOENT' });
    },
    fileRoots: ['/nowhere'],
    howToAllow: '',
    processEnv: {},
    ...extra,
  };
}

describe('RunContext', () => {
  it('Send Request on a chained block runs its dependency once, then reuses the stored result on the next send', async () => {
    const sender = new RecordingSender();
    const context = await RunContext.create(options({ sender }));
    const first = await context.sendBlock(1);
    assert.equal(first.block.name, 'profile');
    assert.deepEqual(sender.sent.map((r) => r.url), ['https://api.example/login', 'https://api.example/me']);
    assert.deepEqual(sender.sent[1].headers, [['Authorization', 'Bearer t-1']]);
    await context.sendBlock(1);
    // The second send does not log in again: the token of the first login is still there.
    assert.deepEqual(sender.sent.map((r) => r.url), ['https://api.example/login', 'https://api.example/me', 'https://api.example/me']);
    assert.deepEqual(sender.sent[2].headers, [['Authorization', 'Bearer t-1']]);
  });

  it('sending all runs every block again, and results are kept per file in a shared store', async () => {
    const sender = new RecordingSender();
    const results = new ResultsStore();
    const context = await RunContext.create(options({ sender, results }));
    await context.sendAll();
    await context.sendAll();
    assert.equal(sender.sent.length, 4);
    // A context rebuilt for the same file (e.g. another environment) still chains on the earlier login.
    const rebuilt = await RunContext.create(options({ sender, results }));
    await rebuilt.sendBlock(1);
    assert.deepEqual(sender.sent[4].headers, [['Authorization', 'Bearer t-3']]);
    const other = await RunContext.create(options({ sender, results, filePath: '/nowhere/other.http' }));
    assert.equal(other.results.size, 0);
  });

  it('a re-parsed version sends the new text and keeps the results', async () => {
    const sender = new RecordingSender();
    const context = await RunContext.create(options({ sender }));
    await context.sendBlock(0);
    context.update(FILE.replace('/me', '/me/v2'));
    await context.sendBlock(1);
    assert.deepEqual(sender.sent.map((r) => r.url), ['https://api.example/login', 'https://api.example/me/v2']);
  });

  it('the scheduler wraps each send and the result hook sees each run before it is reported', async () => {
    const sender = new RecordingSender();
    const order: string[] = [];
    const context = await RunContext.create(
      options({
        sender,
        scheduler: {
          async schedule(request, send) {
            order.push(`schedule ${request.url}`);
            return send();
          },
        },
        onSettled: (run) => {
          order.push(`settled ${run.block.name}`);
        },
      }),
    );
    await context.sendAll({ onResult: (run) => order.push(`reported ${run.block.name}`) });
    // A run is reported once the next request is under way (printing overlaps the next send), but always after
    // its own hook, and in file order; what chains on a request starts only after it settled.
    assert.deepEqual(order, [
      'schedule https://api.example/login',
      'settled login',
      'schedule https://api.example/me',
      'settled profile',
      'reported login',
      'reported profile',
    ]);
  });

  it('cancel stops the sends in progress, and a later send goes out', async () => {
    const box: { context?: RunContext } = {};
    const sender = new RecordingSender();
    const cancelling: RequestSender = {
      send: async (request, sendOptions) => {
        box.context?.cancel();
        assert.equal(sendOptions?.signal?.aborted, true);
        return sender.send(request);
      },
    };
    const context = (box.context = await RunContext.create(options({ sender: cancelling })));
    const runs = await context.sendAll();
    assert.deepEqual(runs.map((r) => r.result.error?.kind), [undefined, 'aborted']);
    const again = await context.sendBlock(0, { signal: new AbortController().signal });
    assert.equal(again.result.response?.status, 200);
  });

  it('keeps cookies across sends', async () => {
    const seen: Array<string | undefined> = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.cookie);
      res.writeHead(200, { 'set-cookie': 'session=abc; Path=/' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const context = await RunContext.create(options({ source: `GET http://127.0.0.1:${port}/a\n` }));
      await context.sendBlock(0);
      await context.sendBlock(0);
      await context.close();
      assert.deepEqual(seen, [undefined, 'session=abc']);
    } finally {
      server.close();
    }
  });
});
