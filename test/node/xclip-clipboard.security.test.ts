/**
 * The browser shell's clipboard port on the real X11 CLIPBOARD (a private
 * Xvfb): what it copies is what a user pastes, the secret reaches xclip on
 * stdin and never appears in any process's arguments, and a machine without
 * xclip gets a sentence naming the package.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createXclipClipboard } from '../../electron/core/clipboard/xclip-clipboard';
import { VaultError } from '../../electron/core/errors';
import { readX11Clipboard, writeX11Clipboard } from '../harness/x11-clipboard';
import { usePrivateDisplay } from '../harness/xvfb';
import { needsLinux, X11_CLIPBOARD } from '../harness/host-needs';

usePrivateDisplay();

function commandLinesContaining(text: string): string[] {
  const hits: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const line = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (line.includes(text)) hits.push(`${entry}: ${line}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return hits;
}

describe('xclip clipboard port', { skip: needsLinux(X11_CLIPBOARD) }, () => {
  it('puts the exact text on the X11 clipboard and reads it back, and clear empties it', async () => {
    const port = createXclipClipboard();
    const secret = `xclip-secret-${randomUUID()} with spaces, "quotes" and ünïcödé`;
    await port.writeText(secret);
    assert.equal(await readX11Clipboard(), secret);
    assert.equal(await port.readText(), secret);
    await port.clear();
    assert.equal(await readX11Clipboard(), '');
  });

  it('hands the secret to xclip on stdin: no process has it in its arguments', async () => {
    const port = createXclipClipboard();
    const secret = `argv-canary-${randomUUID()}`;
    // Sample every process's arguments while the write runs (short-lived helpers included), then the owner xclip leaves behind.
    const seen: string[] = [];
    let writing = true;
    const sampler = (async () => {
      while (writing) {
        seen.push(...commandLinesContaining(secret));
        await new Promise((r) => setImmediate(r));
      }
    })();
    await port.writeText(secret).finally(() => (writing = false));
    await sampler;
    assert.deepEqual(seen, []);
    assert.deepEqual(commandLinesContaining(secret), []);
    assert.ok(commandLinesContaining('xclip').length > 0, 'the xclip owner is running');
    await port.clear();
  });

  it('reads an empty clipboard as empty', async () => {
    await writeX11Clipboard('');
    assert.equal(await createXclipClipboard().readText(), '');
  });

  it('without xclip, says which package to install', async () => {
    const port = createXclipClipboard({ ...process.env, PATH: '/nonexistent' });
    for (const attempt of [() => port.writeText('x'), () => port.readText()]) {
      await assert.rejects(attempt(), (error: unknown) => error instanceof VaultError && /sudo apt install xclip/.test(error.message));
    }
  });
});
