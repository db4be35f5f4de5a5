/**
 * One window only. Every new top-level page the browser creates (window.open,
 * a target=_blank link, Ctrl+N) is closed at the DevTools-protocol level as
 * soon as it exists: Electron's setWindowOpenHandler(deny) has no equivalent
 * here, and Playwright only reports a popup once its first navigation settles,
 * which for a popup whose navigation we abort is never. Closed windows got no
 * bridge (the binding lives on the app page only) and no network (interception).
 * DevTools windows are the user's own and are left alone, as in an unpackaged Electron app.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { Logger } from '../core/logger';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export function isForeignWindow(target: TargetInfo, appTargetId: string): boolean {
  return target.type === 'page' && target.targetId !== appTargetId && !target.url.startsWith('devtools://');
}

/** Starts closing every new page but `appPage`; resolves once the fence is up. */
export async function fenceNewWindows(context: BrowserContext, appPage: Page, logger: Logger): Promise<CDPSession> {
  const browser = context.browser();
  if (!browser) throw new Error('the browser shell needs a launched browser');
  const pageSession = await context.newCDPSession(appPage);
  const { targetInfo } = (await pageSession.send('Target.getTargetInfo')) as { targetInfo: TargetInfo };
  await pageSession.detach();
  const appTargetId = targetInfo.targetId;
  const session = await browser.newBrowserCDPSession();
  const close = (target: TargetInfo) => {
    if (!isForeignWindow(target, appTargetId)) return;
    logger.warn('browser', 'closed a new window');
    void session.send('Target.closeTarget', { targetId: target.targetId }).catch(() => {});
  };
  session.on('Target.targetCreated', (event: { targetInfo: TargetInfo }) => close(event.targetInfo));
  await session.send('Target.setDiscoverTargets', { discover: true });
  // Any window that appeared before the fence was up.
  const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
  for (const target of targetInfos) close(target);
  return session;
}
