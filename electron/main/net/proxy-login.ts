/**
 * A proxy that asks the app for a user name and password (Electron's `login`
 * event, `authInfo.isProxy`) gets only what the proxy URL in HTTPS_PROXY /
 * HTTP_PROXY holds for that very proxy, once: a second ask means they were
 * wrong, and answering again would loop. Anything else is cancelled (Electron's
 * default), which the WXM client reports as "the proxy asks for a password".
 * The credentials are handed to Chromium and nowhere else: never logged,
 * stored or sent to the window. Takes an app-like emitter so node tests drive it.
 */
import type { Logger } from '../../core/logger';
import { proxyCredentialsFor, type ProxyEnv } from '../../core/net/env-proxy';

export interface AuthInfoLike {
  isProxy: boolean;
  scheme: string;
  host: string;
  port: number;
}

export type LoginListener = (
  event: { preventDefault(): void },
  webContents: unknown,
  details: { firstAuthAttempt: boolean },
  authInfo: AuthInfoLike,
  callback: (username?: string, password?: string) => void,
) => void;

export interface AppLoginLike {
  on(event: 'login', listener: LoginListener): unknown;
}

export function wireProxyLogin(app: AppLoginLike, env: ProxyEnv, logger: Logger): void {
  app.on('login', (event, _webContents, details, authInfo, callback) => {
    if (!authInfo.isProxy) return;
    const proxy = `${authInfo.host}:${authInfo.port}`;
    const credentials = details.firstAuthAttempt ? proxyCredentialsFor(authInfo, env) : null;
    if (!credentials) {
      logger.warn('network', 'proxy asked for credentials; not answered', { proxy, scheme: authInfo.scheme, firstAttempt: details.firstAuthAttempt });
      return;
    }
    event.preventDefault();
    logger.info('network', 'proxy credentials given from the proxy URL', { proxy, scheme: authInfo.scheme });
    callback(credentials.username, credentials.password);
  });
}
