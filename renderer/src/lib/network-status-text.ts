/**
 * The sentence Settings shows about how WXM requests leave this computer. Main names the proxy by scheme, host and
 * port only: a proxy password never reaches this page. The variable is named as the user spelt it (https_proxy,
 * HTTP_PROXY, …), since that is the one they would look at or change.
 */
import type { NetworkStatus } from '../../../electron/common/ipc-contract';

export function networkStatusText(status: NetworkStatus): string {
  const where = `Requests to ${status.host} go`;
  if (status.source === 'system') {
    return status.proxy
      ? `${where} through the proxy ${status.proxy} (your system's proxy settings).`
      : `${where} direct (no proxy in your system's settings).`;
  }
  if (status.proxy) return `${where} through the proxy ${status.proxy} (from ${status.variable ?? 'HTTPS_PROXY'}).`;
  const { bypass } = status;
  if (bypass) {
    return `${where} direct: ${bypass.noProxyVariable} lists it, so the proxy ${bypass.proxy} from ${bypass.variable} is not used for it.`;
  }
  return `${where} direct. This copy of WXM Vault reads a proxy only from HTTPS_PROXY and NO_PROXY, not from your system's settings.`;
}
