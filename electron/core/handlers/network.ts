import type { Handlers } from '../ipc-dispatcher';
import type { HttpTransport } from '../net/http-transport';
import { DEFAULT_BASE_URL } from '../../common/field-rules';

export function networkHandlers(http: HttpTransport): Pick<Handlers, 'network:status'> {
  return {
    // proxyFor strips any user name and password: the renderer sees scheme, host and port only.
    'network:status': async () => ({
      ...(await http.proxyFor(DEFAULT_BASE_URL)),
      source: http.source,
      host: new URL(DEFAULT_BASE_URL).host,
    }),
  };
}
