/**
 * A private Xvfb for node tests, so they read and write a real X11 CLIPBOARD
 * wherever they run (each node:test file runs in its own process, so setting
 * DISPLAY here touches no other test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import { needsLinux, X11_CLIPBOARD } from './host-needs';

export async function startXvfb(): Promise<{ display: string; proc: ChildProcess }> {
  // -displayfd: Xvfb picks a free display number and writes it to fd 3 once it is ready.
  const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '320x240x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    const fd3 = proc.stdio[3] as NodeJS.ReadableStream;
    fd3.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    proc.on('error', reject);
    proc.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return { display, proc };
}

/** Registers before/after hooks that give the current test file a display of its own. */
export function usePrivateDisplay(): void {
  // Off Linux there is no Xvfb; the tests that need the display skip themselves (host-needs.ts).
  if (needsLinux(X11_CLIPBOARD)) return;
  let xvfb: { display: string; proc: ChildProcess } | null = null;
  let saved: string | undefined;
  before(async () => {
    saved = process.env.DISPLAY;
    xvfb = await startXvfb();
    process.env.DISPLAY = xvfb.display;
  });
  after(() => {
    if (saved === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = saved;
    xvfb?.proc.kill();
  });
}
