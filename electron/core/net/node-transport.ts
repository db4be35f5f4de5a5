/**
 * HTTP for plain Node (the browser shell, tests): undici's own fetch with its
 * EnvHttpProxyAgent, so the agent and the fetch are one version (Node 20's
 * global fetch bundles an older undici). A plain Node process sees no system
 * proxy or PAC settings and no OS certificate store: only HTTPS_PROXY /
 * HTTP_PROXY / NO_PROXY, and extra CAs from NODE_EXTRA_CA_CERTS, which Node
 * reads once at start-up into the default trust store undici's TLS uses.
 */
import { Agent, EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { proxyRoute, proxySettings, type ProxyEnv } from './env-proxy';
import type { FetchResponse, HttpTransport } from './http-transport';

export function createNodeTransport(env: ProxyEnv = process.env): HttpTransport {
  const settings = proxySettings(env);
  // '' rather than undefined: undici would otherwise fall back to process.env, and routing must follow `env` alone.
  const proxied = new EnvHttpProxyAgent({ httpProxy: settings.httpProxy, httpsProxy: settings.httpsProxy, noProxy: settings.noProxy });
  // Plain http is only allowed to this machine (base-url.ts); through a proxy the form would cross the network unencrypted.
  const direct = new Agent();
  return {
    source: 'environment',
    fetch: async (url, init) => {
      const dispatcher = new URL(url).protocol === 'http:' ? direct : proxied;
      return (await undiciFetch(url, { ...init, dispatcher })) as unknown as FetchResponse;
    },
    // Plain http goes direct whatever the variables say (above): no proxy, and none bypassed, to name.
    proxyFor: async (url) => (new URL(url).protocol === 'http:' ? { proxy: null } : proxyRoute(url, settings)),
  };
}

let shared: HttpTransport | null = null;

/** One transport (and so one connection pool) per process for clients built without one. */
export function defaultNodeTransport(): HttpTransport {
  shared ??= createNodeTransport();
  return shared;
}
