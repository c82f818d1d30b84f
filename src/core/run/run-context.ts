// Everything one `.http` file needs to send, built once by one factory for the CLI and the editor: the parsed
// file (re-parsed per version), environments and the selected one, the auth allow-list, `$aio` variables (a
// port), known secrets, the confined file reader, results that outlive one send, the cookie jar, cancellation,
// and the hooks later features plug in (a scheduler around each send, a hook on each result).
import { loadEnvironments, selectEnvironment, type Environments, type ReadFile, type SelectedEnvironment } from '../http/environments';
import { confinedReader } from '../http/file-roots';
import { runHttpFile, selectBlocks, type BlockRun, type RequestScheduler, type RequestSender, type ResultHook } from '../http/file-runner';
import { RunCookieJar } from '../http/cookies';
import { parseHttpFileInFull, readDetails } from '../http/parser';
import type { HttpFile } from '../http/parse-types';
import { HttpRunner, type RunnerOptions } from '../http/runner';
import type { RequestResult } from '../http/types';
import type { ResolveContext } from '../http/variables';
import type { RequestAuthenticator } from '../ims/types';
import type { KnownSecrets } from '../known-secrets';
import { AuthHostList } from '../net/auth-hosts';
import type { ProxySettings } from '../net/proxy-config';
import { authenticatorVariables, type AioVariableSource } from './aio-variables';
import { ResultsStore } from './results-store';
import { withAssertions } from '../testing/assertion-hook';

/** Transport limits and network settings of the runner (the context supplies auth, hosts, secrets and the jar). */
export type TransportOptions = Omit<RunnerOptions, 'authenticator' | 'authHosts' | 'hosts' | 'knownSecrets' | 'sandbox' | 'cookieJar' | 'env'>;

export interface RunContextOptions {
  /** Absolute path of the `.http` file. */
  filePath: string;
  /** The file's text (parsed here), or the file already parsed. */
  source: string | HttpFile;
  /** Second base for includes and `.env` (the CLI's working directory, the editor's workspace folder). */
  workspaceRoot: string;
  /** Reads any path; the context confines it to `fileRoots`. */
  readFile: ReadFile;
  /** Folders includes and `.env` may be read from. */
  fileRoots: readonly string[];
  /** The end of the message when a read is refused: how this adapter lets the user allow a folder. */
  howToAllow: string;
  /** For `$processEnv` and proxy variables. */
  processEnv: NodeJS.ProcessEnv;
  /** Environment to select (`--env`, the editor's choice); none: `$shared` only. */
  environmentName?: string;
  /** Hosts besides `*.adobe.io` that get Adobe headers; validate with `AuthHostList.invalid` first. */
  authHosts?: readonly string[];
  /** Sandbox for requests that name none. */
  sandbox?: string;
  authenticator?: RequestAuthenticator;
  /** `{{$aio.*}}`; read off `authenticator` when omitted. */
  aioVariables?: AioVariableSource;
  /** Secrets this context knows; none leaves for a host off the allow-list. */
  knownSecrets?: KnownSecrets;
  transport?: TransportOptions;
  maxResolvedSize?: number;
  prompt?: ResolveContext['prompt'];
  /** Shared by the contexts of a workspace so chains survive a context being rebuilt; a fresh one when omitted. */
  results?: ResultsStore;
  scheduler?: RequestScheduler;
  /** Told as each request settles, after its `?? …` assertions are checked. */
  onSettled?: ResultHook;
  /**
   * Requests sent at once when they do not chain on each other (`--concurrency`); a file's own `# @concurrency`
   * wins. 1 (the default) sends one after another.
   */
  concurrency?: number;
  /** Replaces the HttpRunner (tests). */
  sender?: RequestSender;
}

export interface SendOptions {
  /** Cancels this send only; `RunContext.cancel()` cancels every send in progress. */
  signal?: AbortSignal;
  /** Told as each request finishes, for streaming output. */
  onResult?: (run: BlockRun) => void;
  /** Paces this send only (the editor's Send All); the context's own scheduler otherwise. */
  scheduler?: RequestScheduler;
  /** False: the runs are only told to `onResult`; `send` resolves to an empty list (see FileRunOptions.collect). */
  collect?: boolean;
}

export class RunContext {
  readonly filePath: string;
  /** The auth allow-list, built once and shared by variable resolution, the runner and the egress check. */
  readonly authHosts: AuthHostList;
  /** Reads only inside the file roots. */
  readonly readFile: ReadFile;
  /** Cookies set by responses, kept across sends for the context's life. */
  readonly cookies = new RunCookieJar();
  readonly results: Map<string, RequestResult>;
  private parsed: HttpFile;
  private selected: SelectedEnvironment;
  private sender: RequestSender;
  private readonly ownsSender: boolean;
  private readonly aio: AioVariableSource | undefined;
  private cancelAll = new AbortController();

  private constructor(
    private readonly options: RunContextOptions,
    readFile: ReadFile,
    readonly environments: Environments,
  ) {
    this.filePath = options.filePath;
    this.readFile = readFile;
    // A run looks at every request's details: read in full now, so a file refused for its density sends nothing.
    this.parsed = typeof options.source === 'string' ? parseHttpFileInFull(options.source) : options.source;
    readDetails(this.parsed);
    this.authHosts = new AuthHostList(options.authHosts);
    this.selected = selectEnvironment(environments, options.environmentName);
    this.results = (options.results ?? new ResultsStore()).for(options.filePath);
    this.aio = options.aioVariables ?? (options.authenticator ? authenticatorVariables(options.authenticator, options.sandbox) : undefined);
    this.ownsSender = options.sender === undefined;
    this.sender = options.sender ?? this.createRunner(options.transport);
  }

  /** Confines the reader and loads the environments next to the file; the one way to build a context. */
  static async create(options: RunContextOptions): Promise<RunContext> {
    const readFile = confinedReader(options.readFile, { roots: [...options.fileRoots], howToAllow: options.howToAllow });
    const environments = await loadEnvironments({ filePath: options.filePath, workspaceRoot: options.workspaceRoot, readFile });
    return new RunContext(options, readFile, environments);
  }

  get file(): HttpFile {
    return this.parsed;
  }

  /** Re-parses after an edit (the editor calls it per document version); results and cookies stay. */
  update(source: string | HttpFile): void {
    this.parsed = typeof source === 'string' ? parseHttpFileInFull(source) : source;
    readDetails(this.parsed);
  }

  get environment(): SelectedEnvironment {
    return this.selected;
  }

  /** Throws the usual "unknown environment" AioError when `name` is not in the environment files. */
  selectEnvironment(name: string | undefined): void {
    this.selected = selectEnvironment(this.environments, name);
  }

  /** Block indices for `# @name`s or titles; every block when `names` is empty. */
  select(names: readonly string[] | undefined): { indices: number[]; unknown: string[] } {
    return selectBlocks(this.parsed, names);
  }

  /** Sends the blocks at `indices` (see `select`) in order, each with the requests it chains on first. */
  send(indices: readonly number[], options: SendOptions = {}): Promise<BlockRun[]> {
    return this.run(indices, false, options);
  }

  /** Sends every block of the file. */
  sendAll(options: SendOptions = {}): Promise<BlockRun[]> {
    return this.run(this.parsed.blocks.map((b) => b.index), false, options);
  }

  /**
   * Sends one block (the editor's Send Request); the requests it chains on run first only when they have no
   * result in this context yet.
   */
  async sendBlock(index: number, options: SendOptions = {}): Promise<BlockRun> {
    const runs = await this.run([index], true, options);
    return runs.find((r) => r.block.index === index) ?? runs[runs.length - 1];
  }

  /** Cancels every send in progress; later sends start afresh. */
  cancel(): void {
    this.cancelAll.abort();
    this.cancelAll = new AbortController();
  }

  /** New proxy settings (VS Code's `http.proxy*` changed): the next send uses a new pool; cookies stay. */
  async setProxy(proxy: ProxySettings | undefined): Promise<void> {
    if (!this.ownsSender) return;
    const old = this.sender as HttpRunner;
    this.sender = this.createRunner({ ...this.options.transport, proxy });
    await old.close();
  }

  /** Lets idle sockets close; sends in flight finish first. */
  async close(): Promise<void> {
    if (this.ownsSender) await (this.sender as HttpRunner).close();
  }

  private createRunner(transport: TransportOptions | undefined): HttpRunner {
    const o = this.options;
    return new HttpRunner({ ...transport, authenticator: o.authenticator, hosts: this.authHosts, knownSecrets: o.knownSecrets, sandbox: o.sandbox, env: o.processEnv, cookieJar: this.cookies });
  }

  private run(indices: readonly number[], reuseResults: boolean, options: SendOptions): Promise<BlockRun[]> {
    const o = this.options;
    const signal = options.signal ? AbortSignal.any([options.signal, this.cancelAll.signal]) : this.cancelAll.signal;
    const aio = this.aio;
    return runHttpFile(this.parsed, this.sender, withAssertions(this.parsed, {
      indices,
      reuseResults,
      results: this.results,
      signal,
      scheduler: options.scheduler ?? o.scheduler,
      onSettled: o.onSettled,
      onResult: options.onResult,
      collect: options.collect,
      concurrency: this.parsed.filePacing?.concurrency ?? o.concurrency,
      context: {
        filePath: o.filePath,
        workspaceRoot: o.workspaceRoot,
        readFile: this.readFile,
        processEnv: o.processEnv,
        environment: this.selected,
        aioVariable: aio ? (name, requestOptions) => aio.aioVariable(name, requestOptions) : undefined,
        authHosts: o.authHosts,
        authHostList: this.authHosts,
        maxResolvedSize: o.maxResolvedSize,
        prompt: o.prompt,
      },
    }));
  }
}
