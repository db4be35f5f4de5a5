/**
 * The OS clipboard commands a shell without Electron's clipboard (the browser
 * shell) copies through, and which one this session uses:
 *
 * - Windows: Windows PowerShell (`Set-Clipboard` / `Get-Clipboard`), present on every Windows 10 and 11;
 * - macOS: `pbcopy` / `pbpaste`;
 * - a Wayland session: `wl-copy` / `wl-paste` (wl-clipboard), else xclip or xsel through Xwayland;
 * - X11: `xclip`, else `xsel`.
 *
 * Every write hands the text to the command on stdin: arguments are readable
 * by any user in the process list. The commands are data here, so tests run
 * each one against a fake on PATH that records its arguments.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { VaultError } from '../errors';

export interface ToolCommand {
  file: string;
  args: readonly string[];
}

export interface ClipboardTool {
  /** For messages and the log. */
  name: string;
  /** Takes the text on stdin. */
  write: ToolCommand;
  /** Prints the clipboard's text on stdout, as it is (no added newline). */
  read: ToolCommand;
  /** Empties the clipboard; without one, an empty text is written. */
  clear?: ToolCommand;
  /**
   * The write leaves an owner process behind that serves the selection (X11,
   * Wayland) and may take it a moment after the command returns: the write is
   * done once the clipboard reads back the text. The owner must get no
   * inherited stdout or stderr, or waiting for them would never end.
   */
  forks: boolean;
  /** Extra environment for the commands (pbcopy picks its encoding from the locale). */
  env?: Readonly<Record<string, string>>;
  /** The Debian/Ubuntu package that has it, for the "install it" message. */
  aptPackage?: string;
}

export const WL_CLIPBOARD: ClipboardTool = {
  name: 'wl-copy',
  write: { file: 'wl-copy', args: [] },
  read: { file: 'wl-paste', args: ['--no-newline', '--type', 'text'] },
  clear: { file: 'wl-copy', args: ['--clear'] },
  forks: true,
  aptPackage: 'wl-clipboard',
};

export const XCLIP: ClipboardTool = {
  name: 'xclip',
  write: { file: 'xclip', args: ['-selection', 'clipboard', '-i'] },
  read: { file: 'xclip', args: ['-selection', 'clipboard', '-o', '-t', 'UTF8_STRING'] },
  forks: true,
  aptPackage: 'xclip',
};

export const XSEL: ClipboardTool = {
  name: 'xsel',
  write: { file: 'xsel', args: ['--clipboard', '--input'] },
  read: { file: 'xsel', args: ['--clipboard', '--output'] },
  clear: { file: 'xsel', args: ['--clipboard', '--clear'] },
  forks: true,
  aptPackage: 'xsel',
};

export const PBCOPY: ClipboardTool = {
  name: 'pbcopy',
  write: { file: 'pbcopy', args: [] },
  read: { file: 'pbpaste', args: ['-Prefer', 'txt'] },
  forks: false,
  // Started from the Dock there is no UTF-8 locale, and pbcopy would read the bytes as Mac Roman.
  env: { LC_ALL: 'en_US.UTF-8' },
};

/** PowerShell -EncodedCommand: UTF-16LE in base64, so no quoting rule of Windows' command line can bend the script. */
export function encodedCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

function powershell(script: string): ToolCommand {
  return { file: 'powershell.exe', args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-EncodedCommand', encodedCommand(script)] };
}

// Console streams default to the OEM code page; the text travels as UTF-8 both ways.
const UTF8 = '[Text.UTF8Encoding]::new($false)';
export const POWERSHELL: ClipboardTool = {
  name: 'PowerShell',
  write: powershell(`$ErrorActionPreference = 'Stop'; [Console]::InputEncoding = ${UTF8}; Set-Clipboard -Value ([Console]::In.ReadToEnd())`),
  read: powershell(
    `$ErrorActionPreference = 'Stop'; [Console]::OutputEncoding = ${UTF8}; $t = Get-Clipboard -Raw; if ($t) { [Console]::Out.Write($t) }`,
  ),
  // Windows PowerShell 5.1's Set-Clipboard refuses an empty value (PowerShell 7.2 changed that).
  clear: powershell(`$ErrorActionPreference = 'Stop'; Add-Type -AssemblyName System.Windows.Forms; [System.Windows.Forms.Clipboard]::Clear()`),
  forks: false,
};

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(file: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => isExecutable(join(dir, file)));
}

function installed(tool: ClipboardTool, env: NodeJS.ProcessEnv): boolean {
  return onPath(tool.write.file, env) && onPath(tool.read.file, env);
}

/** The command was there when picked and is gone now (or was never on PATH: Windows, macOS). */
export function toolNotFound(tool: ClipboardTool, file: string): VaultError {
  const install = tool.aptPackage ? `Install it (Debian/Ubuntu: sudo apt install ${tool.aptPackage})` : 'Check that it is installed and on PATH';
  return new VaultError('internal', `The clipboard needs ${file}, which was not found. ${install}, then copy again.`);
}

/**
 * The tool for this OS and session, looked up on every call so one installed
 * while the app runs is used by the next copy. Throws a VaultError that names
 * the package to install when there is none.
 */
export function pickClipboardTool(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): ClipboardTool {
  if (platform === 'win32') return POWERSHELL;
  if (platform === 'darwin') return PBCOPY;
  const wayland = !!env.WAYLAND_DISPLAY;
  const x11 = !!env.DISPLAY;
  const candidates = [...(wayland ? [WL_CLIPBOARD] : []), ...(x11 ? [XCLIP, XSEL] : [])];
  const found = candidates.find((tool) => installed(tool, env));
  if (found) return found;
  if (wayland) {
    throw new VaultError(
      'internal',
      'Copying needs wl-clipboard (wl-copy and wl-paste), which is not installed. Install it (Debian/Ubuntu: sudo apt install wl-clipboard; Fedora: sudo dnf install wl-clipboard), then copy again.',
    );
  }
  if (x11) {
    throw new VaultError(
      'internal',
      'Copying needs xclip or xsel, and neither is installed. Install one (Debian/Ubuntu: sudo apt install xclip), then copy again.',
    );
  }
  throw new VaultError(
    'internal',
    'WXM Vault found no display to copy to (neither WAYLAND_DISPLAY nor DISPLAY is set). Start WXM Vault from your desktop session.',
  );
}
