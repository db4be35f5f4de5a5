/**
 * A private dbus-daemon per call, in its own temp folder: a stand-in for the
 * session bus or the system bus that only this test talks to. The config lists
 * no service folder unless asked, so nothing is D-Bus-activated on it, and it allows
 * everyone everything (the daemon's own system policy would refuse us names
 * like org.freedesktop.login1).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateBus {
  address: string;
  stop(): Promise<void>;
}

/** `servicesDir`: a folder of D-Bus .service files the bus may activate. */
export async function startPrivateBus(kind: 'session' | 'system' = 'session', options: { servicesDir?: string } = {}): Promise<PrivateBus> {
  const dir = mkdtempSync(join(tmpdir(), `wxm-dbus-${kind}-`));
  const config = join(dir, 'bus.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>${kind}</type>
  <listen>unix:path=${join(dir, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  ${options.servicesDir ? `<servicedir>${options.servicesDir}</servicedir>` : ''}
  <limit name="service_start_timeout">1000</limit>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const daemon = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--nopidfile', '--print-address'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    daemon.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    daemon.once('error', reject);
    daemon.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code} before it printed its address`)));
  });
  return {
    address,
    async stop() {
      if (daemon.exitCode === null && daemon.signalCode === null) {
        daemon.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
