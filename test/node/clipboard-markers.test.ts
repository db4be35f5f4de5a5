import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clipboardMarkers, dword, type ClipboardMarker } from '../../electron/core/clipboard/clipboard-markers';

/** Bytes as a plain array, strings as they are: deepEqual then compares exact content. */
function plain(markers: ClipboardMarker[]) {
  return markers.map(({ format, data }) => ({ format, data: typeof data === 'string' ? data : [...data] }));
}

describe('clipboard markers (concealed copies by default)', () => {
  it('Windows: excluded from monitors, history and cloud clipboard, the two DWORDs as 4 little-endian zero bytes', () => {
    assert.deepEqual(plain(clipboardMarkers('win32', false)), [
      { format: 'ExcludeClipboardContentFromMonitorProcessing', data: [1, 0, 0, 0] },
      { format: 'CanIncludeInClipboardHistory', data: [0, 0, 0, 0] },
      { format: 'CanUploadToCloudClipboard', data: [0, 0, 0, 0] },
    ]);
  });

  it('macOS: concealed and transient pasteboard types', () => {
    const markers = clipboardMarkers('darwin', false);
    assert.deepEqual(
      markers.map((m) => m.format),
      ['org.nspasteboard.ConcealedType', 'org.nspasteboard.TransientType'],
    );
    for (const { data } of markers) assert.ok(data.length > 0, 'a marker with no content could be taken for an absent format');
  });

  it('Linux (and any other X11/Wayland desktop): the KDE password-manager hint says "secret"', () => {
    for (const platform of ['linux', 'freebsd', 'openbsd']) {
      assert.deepEqual(plain(clipboardMarkers(platform, false)), [{ format: 'x-kde-passwordManagerHint', data: 'secret' }], platform);
    }
  });

  it('with history allowed, only the Windows cloud-clipboard opt-out stays', () => {
    assert.deepEqual(plain(clipboardMarkers('win32', true)), [{ format: 'CanUploadToCloudClipboard', data: [0, 0, 0, 0] }]);
    assert.deepEqual(clipboardMarkers('darwin', true), []);
    assert.deepEqual(clipboardMarkers('linux', true), []);
  });

  it('gives each copy its own bytes, so one write cannot change what the next one sends', () => {
    const first = clipboardMarkers('win32', false)[1]!.data as Uint8Array;
    first[0] = 7;
    assert.deepEqual([...(clipboardMarkers('win32', false)[1]!.data as Uint8Array)], [0, 0, 0, 0]);
  });

  it('dword is little-endian', () => {
    assert.deepEqual([...dword(0x01020304)], [4, 3, 2, 1]);
  });
});
