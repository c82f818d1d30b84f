// The Endpoints view's rows as plain data, from the core's view rows (grouping.ts): the provider only maps
// them to TreeItems. `contextValue` carries capability tokens that package.json's `when` clauses match.
import type { CanDeployResult, ConfigKind } from '../../core/journey/types';
import type { ConfigRow, EndpointRow } from '../../core/journey/grouping';

export type EndpointNode =
  | { type: 'endpoint'; id: string; row: EndpointRow }
  | { type: 'config'; id: string; endpoint: string; row: ConfigRow }
  | { type: 'check'; id: string; severity: 'error' | 'warning' | 'ok'; text: string }
  | { type: 'guardrails'; id: string; lines: readonly string[] }
  | { type: 'guardrail'; id: string; text: string }
  | { type: 'message'; id: string; text: string; error: boolean };

export interface NodeView {
  label: string;
  description?: string;
  tooltip?: string;
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  icon: string;
  /** A command the row runs when clicked. */
  command?: { id: string; title: string };
}

export function endpointNodes(rows: readonly EndpointRow[]): EndpointNode[] {
  return rows.map((row) => ({ type: 'endpoint', id: `endpoint:${row.endpoint}`, row }));
}

export function childNodes(node: EndpointNode): EndpointNode[] {
  if (node.type === 'endpoint') {
    return [
      ...node.row.configs.map((row): EndpointNode => ({ type: 'config', id: `config:${row.kind}:${row.uid}`, endpoint: node.row.endpoint, row })),
      { type: 'guardrails', id: `guardrails:${node.row.endpoint}`, lines: node.row.guardrails },
    ];
  }
  if (node.type === 'guardrails') return node.lines.map((text, i) => ({ type: 'guardrail', id: `${node.id}:${i}`, text }));
  return [];
}

/** canDeploy's answer as child rows of a config: each error and warning, or one "ready" row. */
export function checkNodes(kind: ConfigKind, uid: string, result: CanDeployResult): EndpointNode[] {
  const id = `check:${kind}:${uid}`;
  const nodes: EndpointNode[] = [];
  for (const [i, e] of (result.errors ?? []).entries()) nodes.push({ type: 'check', id: `${id}:e${i}`, severity: 'error', text: `${e.errorCode}: ${e.error ?? 'error'}` });
  for (const [i, w] of (result.warnings ?? []).entries()) nodes.push({ type: 'check', id: `${id}:w${i}`, severity: 'warning', text: `${w.warningCode}: ${w.warning ?? 'warning'}` });
  if (nodes.length === 0) {
    const ok = result.validationStatus === 'ok';
    nodes.push({ type: 'check', id: `${id}:status`, severity: ok ? 'ok' : 'error', text: ok ? 'Ready to deploy (canDeploy: ok)' : `canDeploy: ${result.reason ?? result.validationStatus}` });
  }
  return nodes;
}

export function viewOf(node: EndpointNode): NodeView {
  switch (node.type) {
    case 'endpoint':
      return { label: node.row.label, description: node.row.description, tooltip: node.row.endpoint, contextValue: 'aioEndpoint;requests;simulate;', collapsible: 'expanded', icon: 'globe' };
    case 'config': {
      const tokens = [node.row.kind, ...node.row.capabilities, 'edit', 'copyHttp', ...(node.row.kind === 'capping' ? ['copyToSandbox'] : [])];
      return {
        label: node.row.label,
        description: node.row.description,
        tooltip: `${node.row.label}\n${node.row.description}\nuid ${node.row.uid}`,
        contextValue: `aioEndpointConfig;${tokens.join(';')};`,
        collapsible: 'collapsed',
        icon: node.row.kind === 'capping' ? 'dashboard' : 'watch',
      };
    }
    case 'check':
      return { label: node.text, contextValue: `aioEndpointCheck;${node.severity};`, collapsible: 'none', icon: node.severity === 'error' ? 'error' : node.severity === 'warning' ? 'warning' : 'pass' };
    case 'guardrails':
      return { label: 'Guardrails', description: 'Adobe platform limits', contextValue: 'aioEndpointGuardrails;', collapsible: 'collapsed', icon: 'shield' };
    case 'guardrail':
      return { label: node.text, contextValue: 'aioEndpointGuardrail;', collapsible: 'none', icon: 'info' };
    case 'message':
      return node.error
        ? { label: node.text, description: 'Retry', tooltip: node.text, contextValue: 'aioEndpointsError;retry;', collapsible: 'none', icon: 'error', command: { id: 'aioRequests.endpoints.refresh', title: 'Retry' } }
        : { label: node.text, contextValue: 'aioEndpointsMessage;', collapsible: 'none', icon: 'info' };
  }
}
