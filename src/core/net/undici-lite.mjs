// Bundled in place of undici's index (see esbuild.js): only the parts the extension and the CLI use, so the
// bundles leave out fetch, WebSocket, caches and mocks. The wiring follows undici's own index.js; tests and
// type checking use the real package. A name imported from 'undici' that is not exported here fails the build.
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import errors from 'undici/lib/core/errors.js';
import buildConnector from 'undici/lib/core/connect.js';
import util from 'undici/lib/core/util.js';
import api from 'undici/lib/api/index.js';
import globalDispatcher from 'undici/lib/global.js';

Object.assign(Dispatcher.prototype, api);

const { getGlobalDispatcher, setGlobalDispatcher } = globalDispatcher;

/** undici's top-level `request(url, opts)`: the dispatcher given in opts, else the global one. */
function request(url, opts = {}) {
  if (opts.agent) throw new errors.InvalidArgumentError('unsupported opts.agent. Did you mean opts.client?');
  const parsed = util.parseURL(url);
  const { dispatcher = getGlobalDispatcher() } = opts;
  return api.request.call(dispatcher, {
    ...opts,
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
    method: opts.method || (opts.body ? 'PUT' : 'GET'),
  });
}

export { Agent, buildConnector, Dispatcher, EnvHttpProxyAgent, ProxyAgent, errors, getGlobalDispatcher, request, setGlobalDispatcher };
