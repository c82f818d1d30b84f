import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AioError } from '../core/errors';
import { AuthHostList } from '../core/net/auth-hosts';
import { JOURNEY_BASE_URLS } from '../core/journey/client';
import { openJourneyClient, sandboxConfigs } from '../core/journey/open-client';
import { endpointRows, groupByEndpoint } from '../core/journey/grouping';
import { cappingLimits, CAPPING_SERVICES } from '../core/journey/limits';
import { applyPlan, describeStep, exportFile, kindOfFile, planSync, readDesired, type ConfigFileText } from '../core/journey/sync';
import type { CappingConfig, ThrottlingConfig } from '../core/journey/types';
import type { CliCommand, CliIo } from './commands';
import { CREDENTIAL_OPTIONS_USAGE, loadCredentials, parseCredentialArgs } from './credentials-from-args';

// `aio-requests endpoints`: the Journey capping and throttling configs of a sandbox, grouped per endpoint,
// and configs as code (export, plan, apply). Argument parsing and printing only; the work is in core/journey.

const USAGE = [
  'Usage: aio-requests endpoints [credentials] [--journey-url URL] [--auth-host HOST]... [--sandbox NAME] [--json]',
  '       aio-requests endpoints export DIR [credentials] [options]',
  '       aio-requests endpoints plan DIR [--deploy] [--prune] [credentials] [options]',
  '       aio-requests endpoints apply DIR [--deploy] [--prune] [credentials] [options]',
  '',
  'Lists the capping and throttling configs of the sandbox, grouped per endpoint. --json prints',
  '[{endpoint, capping: [{uid, service, methods, maxCallsCount, periodInMs, maxHttpConnections, state,',
  'deployed: {maxCallsCount, periodInMs, maxHttpConnections} | null}], throttling: [{uid, name, methods,',
  'maxThroughput, state}]}]: the top level is the config as edited, deployed the live version.',
  '',
  'export  writes one file per config (NAME.capping.json, NAME.throttling.json) into DIR',
  'plan    prints what apply would create, update, deploy or delete; exit 2 when there are changes',
  'apply   makes the sandbox match the files in DIR, stopping at the first refused step',
  '  --deploy            also deploy what is created, updated or not live',
  '  --prune             delete configs that no file describes (undeploying them first)',
  '',
  `  --journey-url URL   Journey API base URL (default ${JOURNEY_BASE_URLS.current}; "legacy" for ${JOURNEY_BASE_URLS.legacy})`,
  '  --auth-host HOST[:PORT]  also send Adobe headers to this host (besides *.adobe.io); repeatable',
  "  --sandbox NAME      sandbox (default: the credential's, usually prod)",
  '',
  CREDENTIAL_OPTIONS_USAGE,
].join('\n');

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        'journey-url': { type: 'string' },
        'auth-host': { type: 'string', multiple: true },
        sandbox: { type: 'string' },
        json: { type: 'boolean' },
        deploy: { type: 'boolean' },
        prune: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new AioError('usage', `${(error as Error).message}\nSee 'aio-requests endpoints --help'.`);
  }
}

/** The `--json` shape: per endpoint, capping entries per service (edited values, live ones in `deployed`). */
export function endpointsJson(capping: readonly CappingConfig[], throttling: readonly ThrottlingConfig[]): unknown[] {
  return groupByEndpoint(capping, throttling).map((group) => ({
    endpoint: group.endpoint,
    capping: group.capping.flatMap((config) => {
      const limits = cappingLimits(config);
      return CAPPING_SERVICES.filter((s) => config.services?.[s] || config.deployedConfig?.services?.[s]).map((service) => {
        const edited = limits.pending.limits.find((l) => l.service === service);
        const live = limits.live?.limits.find((l) => l.service === service);
        return {
          uid: config.uid,
          service,
          methods: config.methods ?? null,
          maxCallsCount: edited?.maxCallsCount ?? null,
          periodInMs: edited?.periodInMs ?? null,
          maxHttpConnections: edited?.maxHttpConnections ?? null,
          state: config.state ?? null,
          deployed: live ? { maxCallsCount: live.maxCallsCount, periodInMs: live.periodInMs, maxHttpConnections: live.maxHttpConnections } : null,
        };
      });
    }),
    throttling: group.throttling.map((config) => ({
      uid: config.uid,
      name: config.name ?? null,
      methods: config.methods ?? null,
      maxThroughput: config.maxThroughput ?? null,
      state: config.state ?? null,
    })),
  }));
}

/** Text from the API reaches the terminal with control characters escaped. */
function safe(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }
  return out;
}

async function readDir(dir: string): Promise<ConfigFileText[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new AioError('usage', `Cannot read the folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  const files: ConfigFileText[] = [];
  for (const name of names.sort()) {
    if (!kindOfFile(name)) continue;
    files.push({ name, text: await readFile(join(dir, name), 'utf8') });
  }
  return files;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { credentials, rest } = parseCredentialArgs(args);
  const { values, positionals } = parse(rest);
  const [action, dirArg, ...extra] = positionals;
  if (action !== undefined && !['export', 'plan', 'apply'].includes(action)) throw new AioError('usage', `Unknown action '${action}': use export, plan or apply.\n${USAGE}`);
  if (action !== undefined && dirArg === undefined) throw new AioError('usage', `Name the folder: aio-requests endpoints ${action} DIR.`);
  if (extra.length > 0) throw new AioError('usage', `Unexpected argument '${extra[0]}'.`);
  if ((values.deploy || values.prune) && action !== 'plan' && action !== 'apply') throw new AioError('usage', '--deploy and --prune go with plan or apply.');
  const authHosts = values['auth-host'] ?? [];
  const badHosts = AuthHostList.invalid(authHosts);
  if (badHosts.length > 0) throw new AioError('usage', `--auth-host '${badHosts[0]}' is not a host or host:port.`);
  const journeyUrl = values['journey-url'] === 'legacy' ? JOURNEY_BASE_URLS.legacy : values['journey-url'];
  if (journeyUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(journeyUrl)) throw new AioError('usage', `--journey-url '${journeyUrl}' is not an http(s) URL.`);

  // Files are read and checked before any credential is used, so a broken folder costs no token.
  const dir = dirArg === undefined ? undefined : resolve(io.cwd, dirArg);
  let desired: ReturnType<typeof readDesired> | undefined;
  if (dir && action !== 'export') {
    desired = readDesired(await readDir(dir));
    for (const w of desired.warnings) io.err(`warning: ${w.file}: ${w.issue.code}: ${w.issue.message}\n`);
    if (desired.problems.length > 0) {
      for (const p of desired.problems) io.err(`${p.file}: ${p.issue.code}: ${p.issue.message}\n`);
      io.err(`aio-requests endpoints ${action}: fix the files above; nothing was sent.\n`);
      return 2;
    }
  }

  let loaded;
  try {
    loaded = await loadCredentials(credentials, { env: io.env, cwd: io.cwd });
  } catch (error) {
    if (error instanceof AioError && error.code !== 'usage') {
      io.err(`aio-requests endpoints: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  for (const warning of loaded.warnings) io.err(`warning: ${warning}\n`);
  const sandbox = values.sandbox ?? loaded.profile.sandbox ?? 'prod';
  const journey = openJourneyClient({ env: io.env, authenticator: loaded.authenticator, authHosts, sandbox, orgId: loaded.profile.orgId, journeyUrl });
  const client = journey.client;
  try {
    const { capping, throttling } = await sandboxConfigs(client);

    if (action === undefined) {
      if (values.json) {
        io.out(`${JSON.stringify(endpointsJson(capping, throttling), null, 2)}\n`);
        return 0;
      }
      const rows = endpointRows(groupByEndpoint(capping, throttling));
      if (rows.length === 0) io.out(`No capping or throttling configs in sandbox ${sandbox}.\n`);
      for (const row of rows) {
        io.out(`${safe(row.label)}  (${row.description})\n`);
        for (const config of row.configs) io.out(`  ${safe(config.label)}${config.description ? `  — ${safe(config.description)}` : ''}  [${config.uid}]\n`);
      }
      return 0;
    }

    if (action === 'export') {
      await mkdir(dir!, { recursive: true });
      const files = [...capping.map((c) => exportFile('capping', c)), ...throttling.map((c) => exportFile('throttling', c))];
      for (const file of files) await writeFile(join(dir!, file.name), file.text);
      io.out(`Wrote ${files.length} file${files.length === 1 ? '' : 's'} to ${dir} (sandbox ${sandbox}).\n`);
      return 0;
    }

    const steps = planSync(desired!.desired, { capping, throttling }, { deploy: values.deploy, prune: values.prune });
    if (action === 'plan') {
      if (steps.length === 0) {
        io.out(`Sandbox ${sandbox} matches ${dir}: nothing to do.\n`);
        return 0;
      }
      for (const step of steps) io.out(`${safe(describeStep(step))}\n`);
      io.out(`${steps.length} change${steps.length === 1 ? '' : 's'} for sandbox ${sandbox}.\n`);
      return 2;
    }

    let done = 0;
    await applyPlan(client, steps, (step, uid) => {
      done++;
      io.out(`${safe(describeStep(step))}${step.action === 'create' ? ` → ${uid}` : ''}\n`);
    }).catch((error: unknown) => {
      throw new AioError('journey-apply', `stopped after ${done} of ${steps.length} step${steps.length === 1 ? '' : 's'}: ${(error as Error).message}`);
    });
    io.out(steps.length === 0 ? `Sandbox ${sandbox} already matches ${dir}.\n` : `Applied ${steps.length} change${steps.length === 1 ? '' : 's'} to sandbox ${sandbox}.\n`);
    return 0;
  } finally {
    await journey.close();
  }
}

export const endpointsCommand: CliCommand = {
  summary: 'list Journey capping/throttling configs; export, plan and apply them as files',
  usage: USAGE,
  run,
};
