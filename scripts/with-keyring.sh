#!/bin/sh
# usage: scripts/with-keyring.sh CMD [ARGS...]
# Runs CMD in a private D-Bus session with one unlocked gnome-keyring (Secret Service),
# so tests talk to a real OS keychain. Needs: dbus, gnome-keyring (Debian packages).
#
# gnome-keyring-daemon prints its environment before it owns org.freedesktop.secrets.
# A client calling in that window makes a normal session bus *activate* a second
# daemon (org.freedesktop.secrets.service: `gnome-keyring-daemon --start`) that has
# no password. When that one wins the name, the login keyring it serves is locked,
# every write asks gcr-prompter for the password, the prompter cannot open a display,
# and all keychain writes of the run fail ("keychain not available"). So this bus
# activates nothing (no second daemon, no prompter), and CMD starts only once our
# daemon owns the name and its default collection is unlocked.
set -eu
[ "$#" -gt 0 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/wxm-keyring.XXXXXX")"
trap 'rm -rf "$work"' EXIT INT TERM
export HOME="${KEYRING_HOME:-$work/home}"
mkdir -p "$HOME"

cat >"$work/bus.conf" <<'EOF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF

rc=0
dbus-run-session --config-file="$work/bus.conf" -- sh -c '
  log="$1"; shift
  printf %s "${KEYRING_PW:-ci-pw}" | gnome-keyring-daemon --foreground --unlock --components=secrets >"$log.env" 2>"$log" &
  kpid=$!
  stop() { kill "$kpid" 2>/dev/null || true; wait "$kpid" 2>/dev/null || true; }
  ask() { dbus-send --session --print-reply "$@" 2>/dev/null || true; }
  ready=""; i=0
  while [ "$i" -lt 200 ] && kill -0 "$kpid" 2>/dev/null; do
    if ask --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q "boolean true" &&
       ask --dest=org.freedesktop.secrets /org/freedesktop/secrets/aliases/default org.freedesktop.DBus.Properties.Get \
         string:org.freedesktop.Secret.Collection string:Locked | grep -q "boolean false"; then
      ready=1; break
    fi
    i=$((i + 1)); sleep 0.05
  done
  if [ -z "$ready" ]; then
    echo "with-keyring: gnome-keyring did not come up unlocked within 10 s. Check that the gnome-keyring and dbus packages are installed; daemon output:" >&2
    cat "$log" >&2; stop; exit 2
  fi
  GNOME_KEYRING_CONTROL="$(sed -n "s/^GNOME_KEYRING_CONTROL=//p" "$log.env")"; export GNOME_KEYRING_CONTROL
  rc=0; "$@" || rc=$?
  stop
  exit "$rc"' sh "$work/daemon.log" "$@" || rc=$?
exit "$rc"
