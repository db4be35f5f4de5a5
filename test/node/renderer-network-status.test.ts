/**
 * What Settings says about how WXM requests leave this computer (renderer/src/lib/network-status-text.ts),
 * from what main's network:status sends: the proxy and the variable it came from, as the user spelt it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { networkStatusText } from '../../renderer/src/lib/network-status-text';

const host = 'api.getcloudcherry.com';

describe('networkStatusText', () => {
  it('names the variable the proxy came from: https_proxy, HTTP_PROXY, not always HTTPS_PROXY', () => {
    assert.equal(
      networkStatusText({ host, source: 'environment', proxy: 'http://proxy.corp:3128', variable: 'https_proxy' }),
      'Requests to api.getcloudcherry.com go through the proxy http://proxy.corp:3128 (from https_proxy).',
    );
    assert.equal(
      networkStatusText({ host, source: 'environment', proxy: 'http://proxy.corp:3128', variable: 'HTTP_PROXY' }),
      'Requests to api.getcloudcherry.com go through the proxy http://proxy.corp:3128 (from HTTP_PROXY).',
    );
  });

  it('a host NO_PROXY sends direct says so, and which proxy it skips', () => {
    assert.equal(
      networkStatusText({
        host,
        source: 'environment',
        proxy: null,
        bypass: { proxy: 'http://proxy.corp:3128', variable: 'HTTPS_PROXY', noProxyVariable: 'no_proxy' },
      }),
      'Requests to api.getcloudcherry.com go direct: no_proxy lists it, so the proxy http://proxy.corp:3128 from HTTPS_PROXY is not used for it.',
    );
  });

  it('without a proxy, plain Node says it reads only the variables; Electron names the system settings', () => {
    assert.match(networkStatusText({ host, source: 'environment', proxy: null }), /go direct\. .*reads a proxy only from HTTPS_PROXY and NO_PROXY/);
    assert.equal(
      networkStatusText({ host, source: 'system', proxy: 'http://proxy.corp:3128' }),
      "Requests to api.getcloudcherry.com go through the proxy http://proxy.corp:3128 (your system's proxy settings).",
    );
  });
});
