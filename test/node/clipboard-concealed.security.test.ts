/**
 * Security review item 4: copies must not land in clipboard history, cloud
 * clipboard or clipboard managers. Every copy carries the platform's markers
 * in the same write as the secret, unless the user allowed history.
 *
 * - Through the real vault (dispatcher, handler, guard; real keychain, WXM test
 *   server, real X11 clipboard): the markers reach the clipboard port with the
 *   token, and the setting turns them off and on again.
 * - Through the Electron clipboard port, for each platform: one
 *   `clipboard.write()` with one item holding the text and every marker under
 *   Electron's raw-format name, DWORDs as 4-byte Blobs. Electron itself is not
 *   installed here; test/electron/clipboard-markers.e2e.ts checks what it keeps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClipboardGuard } from '../../electron/core/clipboard/clipboard-guard';
import type { ClipboardMarker } from '../../electron/core/clipboard/clipboard-markers';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { createElectronClipboard, type ElectronClipboardLike } from '../../electron/main/clipboard/electron-clipboard';
import { ipcCaller } from '../harness/ipc-call';
import { createVaultHarness, type VaultHarness } from '../harness/vault-harness';
import { readX11Clipboard, x11Clipboard } from '../harness/x11-clipboard';
import { usePrivateDisplay } from '../harness/xvfb';
import { startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';
import { needsLinux, X11_CLIPBOARD } from '../harness/host-needs';

const top = { origin: 'app://vault', isMainFrame: true };

/** The real X11 clipboard, recording the markers each write was handed (xclip itself can offer only the text). */
class MarkerRecordingClipboard implements ClipboardPort {
  readonly writes: Array<{ text: string; markers: readonly ClipboardMarker[] | undefined }> = [];
  readText = x11Clipboard.readText;
  clear = x11Clipboard.clear;
  async writeText(text: string, markers?: readonly ClipboardMarker[]): Promise<void> {
    this.writes.push({ text, markers });
    await x11Clipboard.writeText(text, markers);
  }
}

describe('copies through the vault carry the concealment markers', { skip: needsLinux(X11_CLIPBOARD) }, () => {
  usePrivateDisplay();
  let server: WxmTestServer;
  let h: VaultHarness;
  const clip = new MarkerRecordingClipboard();
  let id: string;

  const call = ipcCaller((channel, payload) => h.dispatch(top, channel, payload));

  before(async () => {
    server = await startWxmServer({ users: [{ username: 'ops@acme.test', password: 'ops-pass-1', station: 'uswest' }] });
    h = createVaultHarness({ trustedOrigin: top.origin, clipboard: clip });
    id = (
      await call('accounts:add', { label: 'Ops', username: 'ops@acme.test', secret: 'ops-pass-1', authMode: 'password', baseUrl: server.baseUrl })
    ).id;
  });
  after(async () => {
    await h.dispose();
    await server.close();
  });

  it('by default, the token is written together with the KDE password-manager hint (this machine is Linux)', async () => {
    await call('clipboard:copy', { id, kind: 'token' });
    const write = clip.writes.at(-1)!;
    assert.equal(await readX11Clipboard(), write.text, 'the token really is on the X11 clipboard');
    assert.deepEqual(write.markers, [{ format: 'x-kde-passwordManagerHint', data: 'secret' }]);
  });

  it('every kind of copy is marked, not only the token', async () => {
    for (const kind of ['bearerHeader', 'token'] as const) {
      await call('clipboard:copy', { id, kind });
      assert.deepEqual(clip.writes.at(-1)!.markers, [{ format: 'x-kde-passwordManagerHint', data: 'secret' }], kind);
    }
  });

  it('allowing clipboard history drops the markers from the next copy; turning it off brings them back', async () => {
    await call('settings:update', { clipboardHistory: true });
    await call('clipboard:copy', { id, kind: 'token' });
    assert.deepEqual(clip.writes.at(-1)!.markers, []);
    await call('settings:update', { clipboardHistory: false });
    await call('clipboard:copy', { id, kind: 'token' });
    assert.deepEqual(clip.writes.at(-1)!.markers, [{ format: 'x-kde-passwordManagerHint', data: 'secret' }]);
  });
});

/** Records what Electron's clipboard.write() would get; Electron's ClipboardItem keeps its constructor's record. */
function recordingElectron() {
  const written: Array<Array<Record<string, string | Blob>>> = [];
  class FakeItem {
    constructor(readonly data: Record<string, string | Blob>) {}
  }
  const clipboard = {
    readText: async () => '',
    write: async (items: FakeItem[]) => void written.push(items.map((i) => i.data)),
    clear: () => {},
  } as unknown as ElectronClipboardLike;
  return { port: createElectronClipboard(clipboard, FakeItem as never), written };
}

/** Each payload as text or as its exact bytes. */
async function payloads(item: Record<string, string | Blob>): Promise<Record<string, string | number[]>> {
  const out: Record<string, string | number[]> = {};
  for (const [key, value] of Object.entries(item)) {
    out[key] = typeof value === 'string' ? value : [...new Uint8Array(await value.arrayBuffer())];
  }
  return out;
}

const raw = (format: string) => `electron application/osclipboard;format="${format}"`;

describe('the Electron clipboard port writes text and markers in one clipboard.write()', () => {
  function guardOn(platform: string, clipboardHistory: boolean) {
    const electron = recordingElectron();
    const guard = new ClipboardGuard({
      clipboard: electron.port,
      platform,
      settings: { current: { clipboardHistory } },
      logger: createLogger(new Redactor(), []),
      now: () => 0,
      onCleared: () => {},
      scheduler: { setTimeout: () => 1, clearTimeout: () => {} },
    });
    return { guard, written: electron.written };
  }

  it('Windows: excluded from monitors, history and cloud clipboard, as 4-byte little-endian DWORDs', async () => {
    const { guard, written } = guardOn('win32', false);
    await guard.copy('tok-win', 30);
    assert.equal(written.length, 1, 'one write');
    assert.equal(written[0]!.length, 1, 'one item: Electron commits it atomically');
    assert.deepEqual(await payloads(written[0]![0]!), {
      'text/plain': 'tok-win',
      [raw('ExcludeClipboardContentFromMonitorProcessing')]: [1, 0, 0, 0],
      [raw('CanIncludeInClipboardHistory')]: [0, 0, 0, 0],
      [raw('CanUploadToCloudClipboard')]: [0, 0, 0, 0],
    });
    assert.ok(written[0]![0]![raw('CanUploadToCloudClipboard')] instanceof Blob, 'DWORDs go as Blobs (raw bytes), not as UTF-8 text');
  });

  it('macOS: concealed and transient pasteboard types', async () => {
    const { guard, written } = guardOn('darwin', false);
    await guard.copy('tok-mac', 30);
    assert.deepEqual(Object.keys(written[0]![0]!), ['text/plain', raw('org.nspasteboard.ConcealedType'), raw('org.nspasteboard.TransientType')]);
  });

  it('Linux: the KDE hint says "secret"', async () => {
    const { guard, written } = guardOn('linux', false);
    await guard.copy('tok-linux', 30);
    assert.deepEqual(await payloads(written[0]![0]!), { 'text/plain': 'tok-linux', [raw('x-kde-passwordManagerHint')]: 'secret' });
  });

  it('with history allowed: plain text, except that Windows still keeps it off the cloud clipboard', async () => {
    assert.deepEqual(await payloads((await copied('linux'))[0]!), { 'text/plain': 'tok' });
    assert.deepEqual(await payloads((await copied('darwin'))[0]!), { 'text/plain': 'tok' });
    assert.deepEqual(await payloads((await copied('win32'))[0]!), { 'text/plain': 'tok', [raw('CanUploadToCloudClipboard')]: [0, 0, 0, 0] });
    async function copied(platform: string) {
      const { guard, written } = guardOn(platform, true);
      await guard.copy('tok', 30);
      return written[0]!;
    }
  });
});
