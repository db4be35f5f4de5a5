/**
 * The raw platform formats written next to a copied secret, in the same
 * clipboard operation, so clipboard history, cloud clipboard and clipboard
 * managers skip the copy. WXM Vault clears the clipboard after a timeout, but a
 * history or a manager that already recorded the value would keep it: only a
 * marker that is there when they look can stop that.
 *
 * - Windows: `ExcludeClipboardContentFromMonitorProcessing` keeps the whole copy
 *   out of history, cloud clipboard and clipboard monitors; the two DWORD 0
 *   formats say the same for history and cloud clipboard on their own, for
 *   readers that look only at those.
 * - macOS: `org.nspasteboard.ConcealedType` and `org.nspasteboard.TransientType`
 *   (the nspasteboard.org conventions clipboard managers follow).
 * - Linux and the other X11/Wayland desktops: `x-kde-passwordManagerHint` =
 *   `secret` (Klipper, and managers that copied its convention).
 *
 * When the user allows history, only the Windows cloud-clipboard opt-out stays:
 * allowing a local history is not consent to sync tokens to other devices.
 *
 * Pure data, no Electron and no Node APIs: every platform's names and bytes are
 * unit-tested on any machine, and each clipboard implementation spells them
 * the way its own API wants.
 */

export interface ClipboardMarker {
  /** The platform's own name: a Windows registered format, a macOS pasteboard type, an X11/Wayland MIME type. */
  format: string;
  /** A string is written as UTF-8; bytes are written as they are. */
  data: string | Uint8Array<ArrayBuffer>;
}

/** A Windows DWORD: 4 bytes, little-endian, which is how Windows reads these formats. */
export function dword(value: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

// Their content is not read, only their presence; non-empty, so no layer treats the format as absent.
const PRESENT = '1';

export function clipboardMarkers(platform: string, allowHistory: boolean): ClipboardMarker[] {
  switch (platform) {
    case 'win32':
      return allowHistory
        ? [{ format: 'CanUploadToCloudClipboard', data: dword(0) }]
        : [
            { format: 'ExcludeClipboardContentFromMonitorProcessing', data: dword(1) },
            { format: 'CanIncludeInClipboardHistory', data: dword(0) },
            { format: 'CanUploadToCloudClipboard', data: dword(0) },
          ];
    case 'darwin':
      return allowHistory
        ? []
        : [
            { format: 'org.nspasteboard.ConcealedType', data: PRESENT },
            { format: 'org.nspasteboard.TransientType', data: PRESENT },
          ];
    default:
      return allowHistory ? [] : [{ format: 'x-kde-passwordManagerHint', data: 'secret' }];
  }
}
