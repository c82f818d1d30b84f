import { parseArgs } from 'node:util';
import { AioError } from '../core/errors';
import { AuthHostList } from '../core/net/auth-hosts';
import { JOURNEY_BASE_URLS } from '../core/journey/client';
import { openJourneyClient, sandboxConfigs } from '../core/journey/open-client';
import { EndpointMatcher } from '../core/journey/matcher';
import { parseCappingLimit, parseCount, parseDurationSeconds, parseEventRate as parseEventRateText, parseThrottleLimit } from '../core/traffic/simulate-input';
import { rowsOf, simulate, type SimulatedCapping, type SimulationInput, type SimulationRow } from '../core/traffic/simulate';
import type { CliCommand, CliIo } from './commands';
import { CREDENTIAL_OPTIONS_USAGE, loadCredentials, parseCredentialArgs, type CredentialArgs } from './credentials-from-args';
import { printable } from './terminal-text';

// `aio-requests simulate`: what Journey would do with a journey's calls to an endpoint under its capping and
// throttling configs (typed in, or read from the sandbox). Argument parsing and printing; the model is
// core/traffic/simulate.

const USAGE = [
  'Usage: aio-requests simulate --endpoint URL --events RATE [--duration D | --audience N] [options] [credentials]',
  '',
  'Computes, second by second, the calls Journey sends to the endpoint, rejects (capping; 3 retries, each',
  'taking a slot), queues (throttling; dropped after 6 hours), and the connections in use.',
  '',
  '  --endpoint URL      the endpoint the journey calls',
  '  --method M          its method (default POST)',
  '  --events RATE       events per second, e.g. 5000/s or 120000/min (unitary journeys: up to 5,000/s)',
  '  --duration D        how long events arrive: 90s, 10m, 6h',
  '  --audience N        audience-triggered journey of N profiles (up to 20,000 events/s)',
  '  --latency MS        endpoint answer time in ms (default 100), for connections in use',
  '  --capping N/PERIOD  a capping limit instead of the sandbox\'s, e.g. 500/1s, 3000/min',
  '  --connections N     maxHttpConnections of that capping limit',
  '  --throttle N/s      a throttling limit instead of the sandbox\'s, e.g. 4000/s',
  '  --json              print {input, limits, totals, notes, span, rows} as JSON',
  '',
  'With credentials and no typed limits, the deployed configs of the sandbox that cover METHOD URL are used:',
  `  --journey-url URL   Journey API base URL (default ${JOURNEY_BASE_URLS.current})`,
  '  --auth-host HOST[:PORT]  also send Adobe headers to this host; repeatable',
  '  --sandbox NAME      sandbox (default: the credential\'s, usually prod)',
  '',
  CREDENTIAL_OPTIONS_USAGE,
].join('\n');

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        endpoint: { type: 'string' },
        method: { type: 'string' },
        events: { type: 'string' },
        duration: { type: 'string' },
        audience: { type: 'string' },
        latency: { type: 'string' },
        capping: { type: 'string' },
        connections: { type: 'string' },
        throttle: { type: 'string' },
        json: { type: 'boolean' },
        'journey-url': { type: 'string' },
        'auth-host': { type: 'string', multiple: true },
        sandbox: { type: 'string' },
      },
    });
  } catch (error) {
    throw new AioError('usage', `${(error as Error).message}\nSee 'aio-requests simulate --help'.`);
  }
}

const usage = (message: string): AioError => new AioError('usage', message);

/** `5000/s`, `120000/min` or a plain number (per second) → events per second. */
export function parseEventRate(text: string): number {
  const parsed = parseEventRateText(text);
  if ('error' in parsed) throw usage(`--events: ${parsed.error}`);
  return parsed.value;
}

/** `90s`, `10m`, `6h`, `500ms` or plain seconds → seconds. */
export function parseDuration(text: string): number {
  const parsed = parseDurationSeconds(text);
  if ('error' in parsed) throw usage(`--duration ${parsed.error}`);
  return parsed.value;
}

function positive(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseCount(text);
  if ('error' in parsed) throw usage(`${flag} ${parsed.error}`);
  return parsed.value;
}

interface Limits {
  capping?: SimulatedCapping;
  throttling?: { maxThroughput: number };
  /** Where the limits come from, in words. */
  source: string;
}

async function sandboxLimits(credentials: CredentialArgs, values: ReturnType<typeof parse>['values'], method: string, url: string, io: CliIo): Promise<Limits> {
  const authHosts = values['auth-host'] ?? [];
  const badHosts = AuthHostList.invalid(authHosts);
  if (badHosts.length > 0) throw usage(`--auth-host '${badHosts[0]}' is not a host or host:port.`);
  const loaded = await loadCredentials(credentials, { env: io.env, cwd: io.cwd });
  for (const warning of loaded.warnings) io.err(`warning: ${warning}\n`);
  const sandbox = values.sandbox ?? loaded.profile.sandbox ?? 'prod';
  const journey = openJourneyClient({ env: io.env, authenticator: loaded.authenticator, authHosts, sandbox, orgId: loaded.profile.orgId, journeyUrl: values['journey-url'] });
  const client = journey.client;
  try {
    const { capping, throttling } = await sandboxConfigs(client);
    const match = new EndpointMatcher(capping, throttling).match({ method, url });
    const limits: Limits = { source: '' };
    const parts: string[] = [];
    const live = match.effectiveCapping?.live;
    if (live) {
      limits.capping = { maxCallsCount: live.maxCallsCount, periodInMs: live.periodInMs, maxHttpConnections: live.maxHttpConnections };
      parts.push(`capping config ${match.effectiveCapping!.config.uid}`);
    }
    if (match.effectiveThrottling) {
      limits.throttling = { maxThroughput: match.effectiveThrottling.maxThroughput };
      parts.push(`throttling config ${match.effectiveThrottling.config.uid}`);
    }
    limits.source = parts.length > 0 ? `sandbox ${sandbox}: ${parts.join(', ')}` : `sandbox ${sandbox}: no deployed config covers ${method} ${url}`;
    return limits;
  } finally {
    await journey.close();
  }
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const seconds = (s: number): string => (s < 90 ? `${s.toFixed(s < 10 && s % 1 !== 0 ? 2 : 0)} s` : s < 5400 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(2)} h`);
const clock = (s: number): string => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

function table(rows: SimulationRow[]): string {
  const head = ['from', 'offered', 'accepted', 'rejected', 'failed', 'queued', 'queue', 'last wait', 'dropped', 'conns'];
  const body = rows.map((r) => [clock(r.from), count(r.offered), count(r.accepted), count(r.rejected), count(r.failed), count(r.queued), count(r.queueLength), seconds(r.lastWaitSeconds), count(r.dropped), count(Math.ceil(r.connections))]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { credentials, rest } = parseCredentialArgs(args);
  const { values } = parse(rest);
  const endpoint = values.endpoint;
  if (!endpoint) throw usage(`--endpoint URL is required.\n${USAGE}`);
  if (!URL.canParse(endpoint) || !/^https?:/i.test(endpoint)) throw usage(`--endpoint '${endpoint}' is not an http(s) URL.`);
  if (!values.events) throw usage('--events RATE is required, e.g. --events 5000/s.');
  const method = (values.method ?? 'POST').toUpperCase();
  const input: SimulationInput = { eventsPerSecond: parseEventRate(values.events) };
  if (values.duration !== undefined) input.durationSeconds = parseDuration(values.duration);
  input.audience = positive('--audience', values.audience);
  input.latencyMs = positive('--latency', values.latency);
  if (input.audience === undefined && input.durationSeconds === undefined) throw usage('Give --duration (e.g. 10m) or --audience N.');

  let limits: Limits = { source: 'no limits' };
  if (values.capping !== undefined || values.throttle !== undefined) {
    const parts: string[] = [];
    if (values.capping !== undefined) {
      const parsed = parseCappingLimit(values.capping, positive('--connections', values.connections));
      if ('error' in parsed) throw usage(`--capping: ${parsed.error}`);
      limits.capping = parsed.value.capping;
      parts.push(parsed.value.label);
    }
    if (values.throttle !== undefined) {
      const parsed = parseThrottleLimit(values.throttle);
      if ('error' in parsed) throw usage(`--throttle ${parsed.error}`);
      limits.throttling = parsed.value.throttling;
      parts.push(parsed.value.label);
    }
    limits.source = `typed: ${parts.join(', ')}`;
  } else if (Object.keys(credentials).length > 0 || io.env.AIO_CLIENT_ID) {
    try {
      limits = await sandboxLimits(credentials, values, method, endpoint, io);
    } catch (error) {
      if (error instanceof AioError && error.code !== 'usage') {
        io.err(`aio-requests simulate: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
  } else if (values.connections !== undefined) {
    throw usage('--connections goes with --capping.');
  }
  input.capping = limits.capping;
  input.throttling = limits.throttling;

  let result;
  try {
    result = simulate(input);
  } catch (error) {
    if (error instanceof RangeError) throw usage(error.message);
    throw error;
  }
  const span = result.series.seconds > 180 ? 60 : 1;
  const rows = rowsOf(result.series, span);
  if (values.json) {
    io.out(`${JSON.stringify({ endpoint, method, input, limits, totals: result.totals, notes: result.notes, span, rows }, null, 2)}\n`);
    return 0;
  }
  io.out(`${method} ${printable(endpoint)} — ${printable(limits.source)}\n`);
  for (const note of result.notes) io.out(`note: ${note}\n`);
  io.out(`${span === 60 ? 'Per minute' : 'Per second'} (queue at the end of the ${span === 60 ? 'minute' : 'second'}; last wait and conns: the largest):\n`);
  io.out(`${table(rows)}\n`);
  const t = result.totals;
  io.out(
    `Totals over ${seconds(t.endSeconds)}: ${count(t.offered)} offered, ${count(t.accepted)} accepted, ${count(t.rejected)} rejected attempts, ` +
      `${count(t.failed)} failed after retries, ${count(t.queued)} queued, ${count(t.dropped)} dropped after 6 h; ` +
      `longest queue ${count(t.maxQueueLength)}, longest wait ${seconds(t.maxWaitSeconds)}, up to ${count(Math.ceil(t.maxConnections))} connections.\n`,
  );
  return 0;
}

export const simulateCommand: CliCommand = {
  summary: 'what Journey would do with a journey\'s calls under capping and throttling',
  usage: USAGE,
  run,
};
