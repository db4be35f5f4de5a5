/**
 * The one logger in main. Every line passes through the redactor and has CR/LF
 * folded (no log injection), whatever the caller passes. Lines are JSON so a
 * test can read them back.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkLogLimits, DEFAULT_LOG_LIMITS, rotateIfFull, type LogFileLimits } from './log-rotation';
import { Redactor } from './redactor';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (line: string) => void;

export interface Logger {
  debug(scope: string, message: string, fields?: Record<string, unknown>): void;
  info(scope: string, message: string, fields?: Record<string, unknown>): void;
  warn(scope: string, message: string, fields?: Record<string, unknown>): void;
  error(scope: string, message: string, fields?: Record<string, unknown>): void;
}

/** Appends lines to `path`, rotating it to path.1 … before it passes `limits.maxBytes`. */
export function fileSink(path: string, limits: LogFileLimits = DEFAULT_LOG_LIMITS): LogSink {
  checkLogLimits(limits);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return (line) => {
    const text = `${line}\n`;
    try {
      rotateIfFull(path, Buffer.byteLength(text), limits);
    } catch {
      // A rotation that fails (a rotated file held open elsewhere) must not cost the line: the file just grows.
    }
    appendFileSync(path, text, { mode: 0o600 });
  };
}

function describeValue(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export function createLogger(redactor: Redactor, sinks: LogSink[], now: () => number = Date.now): Logger {
  const write = (level: LogLevel, scope: string, message: string, fields?: Record<string, unknown>) => {
    const record: Record<string, unknown> = { t: new Date(now()).toISOString(), level, scope, message };
    if (fields) for (const [k, v] of Object.entries(fields)) record[k] = describeValue(v);
    let text: string;
    try {
      text = JSON.stringify(record);
    } catch {
      text = JSON.stringify({ t: record.t, level, scope, message: String(message) });
    }
    // JSON.stringify already escapes CR/LF inside strings; redact after serialising so
    // secrets are caught in every field, nested or not.
    const line = redactor.redact(text).replace(/[\r\n\u2028\u2029]/g, ' ');
    for (const sink of sinks) {
      try {
        sink(line);
      } catch {
        // A broken sink must not take the app down; the other sinks still get the line.
      }
    }
  };
  return {
    debug: (s, m, f) => write('debug', s, m, f),
    info: (s, m, f) => write('info', s, m, f),
    warn: (s, m, f) => write('warn', s, m, f),
    error: (s, m, f) => write('error', s, m, f),
  };
}
