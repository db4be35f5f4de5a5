/**
 * Whether a Secret Service (GNOME Keyring, KWallet) runs on the session bus
 * now. Asked without D-Bus activation: on a bus that would start gnome-keyring
 * on demand, that keyring comes up locked and asks for a password nobody can
 * type on a headless machine. Only the demo acts on "no": it then runs in a
 * throwaway keyring (scripts/with-keyring.sh). The app itself never does, as a
 * keyring that vanishes at exit would lose the user's passwords.
 */
import { nameOwner, openBus, type MessageBus } from '../core/desktop/dbus-bus';

const SECRET_SERVICE = 'org.freedesktop.secrets';

export async function secretServiceRunning(platform: NodeJS.Platform, sessionBusAddress: string | null): Promise<boolean> {
  // macOS and Windows always have their keychain.
  if (platform === 'darwin' || platform === 'win32') return true;
  if (!sessionBusAddress) return false;
  let bus: MessageBus | null = null;
  try {
    bus = await openBus(sessionBusAddress, () => {});
    return (await nameOwner(bus, SECRET_SERVICE)) !== null;
  } catch {
    return false;
  } finally {
    bus?.disconnect();
  }
}
