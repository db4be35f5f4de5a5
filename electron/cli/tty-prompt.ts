/**
 * Asks for the vault passphrase on the terminal itself, without echo. On
 * Linux and macOS that is /dev/tty, as ssh and sudo do: stdin and stdout may
 * be pipes (`wxm-vault token ops | …`) and the question still reaches the
 * person at the keyboard. Without a terminal (a cron job, a CI runner, a
 * process without a controlling terminal) there is nobody to ask: null.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { FIELD_RULES } from '../common/field-rules';

/** Resolves to what was typed, or null when there is no terminal to ask on; rejects with PromptCancelled on Ctrl-C or Ctrl-D. */
export type HiddenPrompt = (prompt: string) => Promise<string | null>;

export class PromptCancelled extends Error {
  override name = 'PromptCancelled';
}

interface Terminal {
  input: NodeJS.ReadStream | ReadStream;
  write(text: string): void;
  close(): void;
}

function openTerminal(): Terminal | null {
  if (process.platform === 'win32') {
    if (!process.stdin.isTTY || !process.stderr.isTTY) return null;
    return { input: process.stdin, write: (text) => void process.stderr.write(text), close: () => void process.stdin.pause() };
  }
  let readFd: number;
  let writeFd: number;
  try {
    readFd = openSync('/dev/tty', 'r');
  } catch {
    return null;
  }
  try {
    writeFd = openSync('/dev/tty', 'w');
  } catch {
    closeSync(readFd);
    return null;
  }
  const input = new ReadStream(readFd);
  return {
    input,
    write: (text) => void writeSync(writeFd, text),
    close: () => {
      input.destroy();
      closeSync(writeFd);
    },
  };
}

/** Applies what one keypress means to the text typed so far; `done` on Enter. */
function keypress(typed: string, ch: string): { typed: string; done?: boolean; cancel?: boolean } {
  if (ch === '\r' || ch === '\n') return { typed, done: true };
  if (ch === '\u0003') return { typed, cancel: true };
  if (ch === '\u0004') return typed === '' ? { typed, cancel: true } : { typed };
  if (ch === '\u007f' || ch === '\b') return { typed: [...typed].slice(0, -1).join('') };
  if (ch === '\u0015') return { typed: '' };
  if (ch < ' ') return { typed };
  return { typed: typed + ch };
}

export const askOnTerminal: HiddenPrompt = (prompt) => {
  const terminal = openTerminal();
  if (!terminal) return Promise.resolve(null);
  const { input } = terminal;
  return new Promise<string | null>((resolve, reject) => {
    let typed = '';
    let escape = false;
    const finish = (outcome: () => void) => {
      input.off('data', onData);
      input.setRawMode(false);
      terminal.write('\n');
      terminal.close();
      outcome();
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        // Arrow and function keys arrive as ESC [ … letter: none of it is part of the passphrase.
        if (escape) {
          escape = !/[A-Za-z~]/.test(ch);
          continue;
        }
        if (ch === '\u001b') {
          escape = true;
          continue;
        }
        const next = keypress(typed, ch);
        typed = next.typed;
        if (next.cancel) return finish(() => reject(new PromptCancelled('Cancelled.')));
        if (next.done || typed.length > FIELD_RULES.passphrase.max) return finish(() => resolve(typed));
      }
    };
    input.setRawMode(true);
    terminal.write(prompt);
    input.on('data', onData);
    input.resume();
  });
};
