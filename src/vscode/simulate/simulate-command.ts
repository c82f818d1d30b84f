import * as vscode from 'vscode';
import { simulate, type SimulationInput } from '../../core/traffic/simulate';
import { parseCappingLimit, parseCount, parseDurationSeconds, parseEventRate, parseThrottleLimit, type Parsed } from '../../core/traffic/simulate-input';
import { showSimulationPanel } from './panel';
import { simulationViewModel } from './view-model';

import { endpointArgument, type SandboxLimitsLookup, type SimulationLimits } from './simulate-args';

export { deployedLimits } from './deployed-limits';

// "Simulate Traffic…", the part loaded on first use (dist/simulate.js): asks for the endpoint, the journey's
// events and the limits, runs the core simulator and shows the result in a webview (panel.ts; the page is
// src/webview/simulate).

/** A dismissed prompt; caught below, because this bundle's classes are not the extension's. */
class Dismissed extends Error {}

export interface SimulateDeps {
  extensionUri: vscode.Uri;
  /** The active profile's name, if there is one. */
  activeProfileName(): Promise<string | undefined>;
}

const METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'];

async function ask<T>(options: { title: string; prompt: string; value?: string; placeHolder?: string; parse: (text: string) => Parsed<T> | undefined }): Promise<T | undefined> {
  const text = await vscode.window.showInputBox({
    title: options.title,
    prompt: options.prompt,
    value: options.value,
    placeHolder: options.placeHolder,
    ignoreFocusOut: true,
    validateInput: (t) => {
      const parsed = options.parse(t);
      return parsed && 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (text === undefined) throw new Dismissed();
  const parsed = options.parse(text);
  return parsed && 'value' in parsed ? parsed.value : undefined;
}

const TITLE = 'Simulate Traffic';
const optional = <T>(parse: (t: string) => Parsed<T>) => (t: string): Parsed<T> | undefined => (t.trim() === '' ? undefined : parse(t));
const httpUrl = (t: string): Parsed<string> =>
  URL.canParse(t.trim()) && /^https?:/i.test(t.trim()) ? { value: t.trim() } : { error: 'Type the endpoint\'s http(s) URL, e.g. https://api.example.com/orders.' };
const positiveCount = (t: string): Parsed<number> => {
  const parsed = parseCount(t);
  return 'error' in parsed ? { error: `The value ${parsed.error}` } : parsed.value > 0 ? parsed : { error: 'Type a number above 0.' };
};

async function typedLimits(): Promise<SimulationLimits> {
  const parts: string[] = [];
  const limits: SimulationLimits = { source: '' };
  const rate = await ask({ title: `${TITLE}: capping`, prompt: 'Capping limit as calls per period, e.g. 500/1s or 3000/min (empty: no capping)', parse: optional((t) => parseCappingLimit(t)) });
  if (rate) {
    const connections = await ask({ title: `${TITLE}: capping`, prompt: 'maxHttpConnections of that capping limit (empty: no limit)', parse: optional(positiveCount) });
    limits.capping = { ...rate.capping, maxHttpConnections: connections ?? null };
    parts.push(connections ? `${rate.label}, ≤ ${connections} connections` : rate.label);
  }
  const throttle = await ask({ title: `${TITLE}: throttling`, prompt: 'Throttling limit in calls per second, e.g. 4000/s (empty: no throttling)', parse: optional((t) => {
    const parsed = parseThrottleLimit(t);
    return 'error' in parsed ? { error: `A throttling limit ${parsed.error}` } : parsed;
  }) });
  if (throttle) {
    limits.throttling = throttle.throttling;
    parts.push(throttle.label);
  }
  limits.source = parts.length > 0 ? `typed: ${parts.join(', ')}` : 'no limits';
  return limits;
}

/** Runs the prompts and shows the simulation; resolves quietly when a prompt is dismissed. */
export async function simulateTraffic(deps: SimulateDeps, arg: unknown, sandboxLimits?: SandboxLimitsLookup): Promise<void> {
  try {
    await promptAndShow(deps, arg, sandboxLimits);
  } catch (error) {
    if (!(error instanceof Dismissed)) throw error;
  }
}

async function promptAndShow(deps: SimulateDeps, arg: unknown, sandboxLimits?: SandboxLimitsLookup): Promise<void> {
  const given = endpointArgument(arg);
  const url = await ask({ title: TITLE, prompt: 'The endpoint the journey calls', value: given.url, placeHolder: 'https://api.example.com/orders', parse: httpUrl });
  if (!url) throw new Dismissed();
  const methodPick = await vscode.window.showQuickPick(given.method ? [given.method, ...METHODS.filter((m) => m !== given.method)] : METHODS, { title: `${TITLE}: method`, placeHolder: 'The method the journey calls it with' });
  if (!methodPick) throw new Dismissed();
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Unitary journey', description: 'event-triggered, up to 5,000 events/s', audience: false },
      { label: 'Audience-triggered journey', description: 'read audience, up to 20,000 events/s', audience: true },
    ],
    { title: `${TITLE}: journey`, placeHolder: 'What starts the journey' },
  );
  if (!kind) throw new Dismissed();
  const eventsPerSecond = await ask({ title: `${TITLE}: events`, prompt: 'Events per second, e.g. 5000/s or 120000/min', value: kind.audience ? '20000/s' : '5000/s', parse: (t) => {
    const parsed = parseEventRate(t);
    return 'value' in parsed && !(parsed.value > 0) ? { error: 'The event rate must be above 0.' } : parsed;
  } });
  const input: SimulationInput = { eventsPerSecond: eventsPerSecond! };
  if (kind.audience) input.audience = await ask({ title: `${TITLE}: audience`, prompt: 'Audience size (profiles)', value: '1000000', parse: positiveCount });
  else input.durationSeconds = await ask({ title: `${TITLE}: duration`, prompt: 'How long events arrive, e.g. 90s, 10m or 6h', value: '60s', parse: parseDurationSeconds });
  input.latencyMs = await ask({ title: `${TITLE}: latency`, prompt: 'Endpoint answer time in ms (for connections in use)', value: '100', parse: parseCount });

  let limits: SimulationLimits;
  const profile = await deps.activeProfileName();
  if (sandboxLimits && profile && given.deployed) {
    // From an endpoint row: that endpoint's deployed configs are the limits.
    limits = await sandboxLimits(methodPick, url);
  } else if (sandboxLimits && profile) {
    const source = await vscode.window.showQuickPick(
      [
        { label: 'Deployed configs of the sandbox', description: `profile ${profile}`, typed: false },
        { label: 'Type limits', description: 'capping and throttling limits typed in', typed: true },
      ],
      { title: `${TITLE}: limits`, placeHolder: 'Which limits apply' },
    );
    if (!source) throw new Dismissed();
    limits = source.typed ? await typedLimits() : await sandboxLimits(methodPick, url);
  } else {
    limits = await typedLimits();
  }
  input.capping = limits.capping;
  input.throttling = limits.throttling;
  const result = simulate(input);
  showSimulationPanel(deps.extensionUri, simulationViewModel(methodPick, url, limits.source, input, result));
}
