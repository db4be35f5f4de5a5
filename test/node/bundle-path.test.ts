import assert from 'node:assert/strict';
import { resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { resolveBundlePath } from '../../electron/core/window/bundle-path';

const root = resolve('/opt/wxm/renderer');
const O = 'app://vault';

describe('renderer bundle paths', () => {
  it('maps the root and files inside the bundle', () => {
    assert.equal(resolveBundlePath(root, `${O}/`, O), resolve(root, 'index.html'));
    assert.equal(resolveBundlePath(root, `${O}/assets/index-abc.js`, O), resolve(root, 'assets/index-abc.js'));
  });

  it('never resolves outside the bundle, however the path climbs', () => {
    for (const url of [`${O}/../../etc/passwd.html`, `${O}/%2e%2e/%2e%2e/etc/x.js`, `${O}/assets/%2E%2E/%2E%2E/x.css`]) {
      // The URL parser collapses dot segments (literal or encoded) at the root: these stay inside.
      const file = resolveBundlePath(root, url, O);
      assert.ok(file === null || file.startsWith(root + sep), url);
    }
  });

  it('refuses paths that climb out once decoded, backslashes, NUL and bad escapes', () => {
    for (const url of [
      `${O}/assets/..%2f..%2fsecret.js`,
      `${O}/..%2f..%2f..%2fetc/passwd.html`,
      `${O}/..%5c..%5cx.js`,
      `${O}/a%00.js`,
      `${O}/%E0%A4%A.js`,
    ]) {
      assert.equal(resolveBundlePath(root, url, O), null, url);
    }
  });

  it('refuses other origins and unknown file types', () => {
    assert.equal(resolveBundlePath(root, 'app://other/index.html', O), null);
    assert.equal(resolveBundlePath(root, 'file:///etc/passwd', O), null);
    assert.equal(resolveBundlePath(root, `${O}/secrets.db`, O), null);
    assert.equal(resolveBundlePath(root, 'not a url', O), null);
  });
});
