/**
 * The page bridge's bindings, on the DevTools protocol itself. Runtime.addBinding
 * puts a function on the window of every document of the app page that hands a
 * string to this process together with the id of the JavaScript context that
 * called it; the bridge script (page-bridge.ts) takes it off `window` before any
 * page script runs, so page code never holds it.
 *
 * Not Playwright's exposeBinding: that one goes through two more globals,
 * `__playwright__binding__` (the raw protocol binding) and
 * `__playwright__binding__controller__`, which page code could call with any
 * binding name and any arguments, and which must stay on `window` for
 * Playwright to call back with the result. Here no global but the bridge's reply
 * function is left, and it can only settle the page's own pending calls.
 *
 * Who called is decided from this session's own record of the page's contexts
 * (which frame, which world, which origin), never from anything the page sends.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { SenderFrame } from '../core/ipc-dispatcher';
import { originOrNull } from './browser-policy';

/** A JavaScript context of the app page, as the browser announced it. */
export interface CallingContext {
  frameId: string | null;
  /** The frame's main world (page scripts run there), not an isolated world. */
  isDefault: boolean;
  /** The context's security origin, as the browser gives it. */
  origin: string;
}

/**
 * What the dispatcher is told about a binding call. The top frame counts only
 * from its main world; its origin is the one its URL names, and only when the
 * browser gives the calling context that same origin, so a document that
 * inherited an origin (about:blank, blob:) counts as foreign. An unknown
 * context (gone meanwhile) is nobody.
 */
export function bindingSender(caller: CallingContext | undefined, mainFrame: { id: string; url: string }): SenderFrame {
  if (!caller) return { origin: null, isMainFrame: false };
  const isMainFrame = caller.isDefault && caller.frameId === mainFrame.id;
  if (!isMainFrame) return { origin: caller.origin || null, isMainFrame };
  const named = originOrNull(mainFrame.url);
  return { origin: named !== null && named === caller.origin ? named : null, isMainFrame };
}

export interface Caller {
  sender: SenderFrame;
  /** Calls `fn`, a global function of the calling context, with `args`; nothing happens if that context is gone. */
  callBack(fn: string, ...args: unknown[]): Promise<void>;
}

export type BindingHandler = (message: string, caller: Caller) => void;

interface ContextDescription {
  id: number;
  origin: string;
  auxData?: { frameId?: string; isDefault?: boolean };
}

/**
 * Adds one binding per handler to `page` (its current and later documents) and
 * routes each call to its handler. Resolves once the bindings are in place;
 * the session lives as long as the page.
 */
export async function exposePageBindings(context: BrowserContext, page: Page, handlers: Record<string, BindingHandler>): Promise<CDPSession> {
  const session = await context.newCDPSession(page);
  const contexts = new Map<number, CallingContext>();
  session.on('Runtime.executionContextCreated', ({ context: c }: { context: ContextDescription }) => {
    contexts.set(c.id, { frameId: c.auxData?.frameId ?? null, isDefault: c.auxData?.isDefault === true, origin: c.origin });
  });
  session.on('Runtime.executionContextDestroyed', ({ executionContextId }: { executionContextId: number }) => contexts.delete(executionContextId));
  session.on('Runtime.executionContextsCleared', () => contexts.clear());

  // The top frame of a page keeps its id across its navigations.
  const { frameTree } = (await session.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  const mainFrameId = frameTree.frame.id;

  session.on('Runtime.bindingCalled', ({ name, payload, executionContextId }: { name: string; payload: string; executionContextId: number }) => {
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) return;
    const caller: Caller = {
      sender: bindingSender(contexts.get(executionContextId), { id: mainFrameId, url: page.mainFrame().url() }),
      callBack: async (fn, ...args) => {
        await session
          .send('Runtime.callFunctionOn', {
            functionDeclaration: 'function (fn, ...args) { globalThis[fn](...args); }',
            executionContextId,
            arguments: [fn, ...args].map((value) => ({ value })),
          })
          .catch(() => {});
      },
    };
    handler(payload, caller);
  });

  // Contexts that exist now are announced on enable, so the record is whole before any call.
  await session.send('Runtime.enable');
  for (const name of Object.keys(handlers)) await session.send('Runtime.addBinding', { name });
  return session;
}
