import { expect, test } from '../harness/fixtures';

test('the renderer reaches the real keychain through the bridge and shows it ready', async ({ app }) => {
  const { page, harness } = app;
  await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
  await expect(page.getByTestId('app-version')).toHaveText('v0.0.0-test');

  // The status reply came through the dispatcher from a real probe write and read-back.
  const status = harness.replies.find((r) => r.channel === 'keychain:status');
  expect(status?.reply).toEqual({ ok: true, value: { available: true, backend: expect.stringContaining('Secret Service'), message: null } });
  // The probe cleaned up after itself.
  expect(await harness.secrets.keys()).toEqual([]);
});

test('the page sees only the bridge: no Node, no ipcRenderer, no network', async ({ app }) => {
  const { page } = app;
  await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
  const powers = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    ipcRenderer: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
    bridgeKeys: Object.keys(window.wxmVault ?? {}).length,
  }));
  expect(powers).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', bridgeKeys: expect.any(Number) });
  const fetchResult = await page.evaluate(() =>
    fetch('http://127.0.0.1:9/').then(
      () => 'reached',
      () => 'blocked',
    ),
  );
  expect(fetchResult).toBe('blocked');
});

test('a request from a frame that is not our top frame is refused', async ({ app }) => {
  const { page } = app;
  await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
  const reply = await page.evaluate(async () => {
    // A same-origin iframe gets its own bridge from the init script; main must still refuse it.
    const frame = document.createElement('iframe');
    frame.src = 'about:blank';
    document.body.append(frame);
    await new Promise((r) => setTimeout(r, 50));
    const api = (frame.contentWindow as unknown as { wxmVault?: Window['wxmVault'] }).wxmVault;
    if (!api) throw new Error('the init script gave the frame no bridge; this test would prove nothing');
    return api.appInfo();
  });
  expect(reply).toEqual({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('did not come from the WXM Vault window') } });
});
