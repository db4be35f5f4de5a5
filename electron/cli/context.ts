import type { HiddenPrompt } from './tty-prompt';

/** Everything a command needs from its process, handed in by bin.ts: commands never touch `process` for I/O themselves. */
export interface CliContext {
  env: Record<string, string | undefined>;
  cwd: string;
  home: string;
  platform: NodeJS.Platform;
  /** stdout: only what the command promises (a token, JSON, the answer), nothing else. */
  out(text: string): void;
  /** stderr: messages for the person at the terminal. */
  err(text: string): void;
  askHidden: HiddenPrompt;
  now(): number;
}

/** How the command ended: an exit code, or the signal its child (exec) died of, to die of in turn. */
export type Outcome = { code: number } | { signal: NodeJS.Signals };
