/**
 * Work nobody is waiting for (rows below the fold, tidying rows a search hid)
 * runs at background priority: after input, rendering and every ordinary task,
 * so a key pressed while a long list fills in is handled first. Chromium's
 * Prioritized Task Scheduling API (Electron 45, the browser shell's Chromium);
 * a plain task where it is missing.
 */
interface PostTask {
  postTask(task: () => void, options: { priority: 'background' }): Promise<unknown>;
}

export function inBackground(task: () => void): void {
  const scheduler = (globalThis as { scheduler?: Partial<PostTask> }).scheduler;
  if (typeof scheduler?.postTask === 'function') void scheduler.postTask(task, { priority: 'background' });
  else setTimeout(task);
}

/** After the next frame is painted, at background priority: what a frame must not wait for, and no sooner. */
export function inBackgroundAfterPaint(task: () => void): void {
  requestAnimationFrame(() => inBackground(task));
}
