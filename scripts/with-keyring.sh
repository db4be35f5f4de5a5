#!/bin/sh
# usage: scripts/with-keyring.sh CMD [ARGS...]
# Runs CMD in a private D-Bus session with one unlocked gnome-keyring (Secret Service),
# so tests talk to a real OS keychain. Needs: dbus, gnome-keyring (Debian packages).
#
# Two things made keychain tests fail for the rest of a run, with gnome-keyring asking
# gcr-prompter to unlock (no display, so it cannot) and every write failing:
# - gnome-keyring-daemon prints its environment before it owns org.freedesktop.secrets.
#   A client calling in that window makes a normal session bus *activate* a second
#   daemon (org.freedesktop.secrets.service: `gnome-keyring-daemon --start`) with no
#   password; when it wins the name, the login keyring it serves is locked.
# - gnome-keyring 42 sometimes aborts on OpenSession ("gkd_secret_service_get_pkcs11_session:
#   assertion 'client' failed", an upstream race with short-lived clients; every keyring
#   call opens its own connection). The bus then activated a password-less replacement.
# So this bus activates nothing, CMD starts only once our daemon owns the name with its
# default collection unlocked, and a daemon that dies is restarted with the password
# (and reported), which costs the calls in flight rather than the rest of the run.
set -eu

if [ "${1:-}" = "--in-session" ]; then
  state="$2"; shift 2
  log="$state/daemon.log"
  ask() { dbus-send --session --print-reply "$@" 2>/dev/null || true; }
  bus_alive() { dbus-send --session --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.GetId >/dev/null 2>&1; }
  serving() {
    ask --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q "boolean true" &&
      ask --dest=org.freedesktop.secrets /org/freedesktop/secrets/aliases/default org.freedesktop.DBus.Properties.Get \
        string:org.freedesktop.Secret.Collection string:Locked | grep -q "boolean false"
  }

  # The supervisor: runs the daemon, and restarts it (at most 5 times) if it dies before we stop it.
  (
    n=0
    while :; do
      printf %s "${KEYRING_PW:-ci-pw}" | gnome-keyring-daemon --foreground --unlock --components=secrets >"$state/daemon.env" 2>>"$log" &
      echo "$!" >"$state/daemon.pid"
      status=0; wait "$!" || status=$?
      if [ -e "$state/stop" ] || ! bus_alive; then exit 0; fi
      if [ -e "$state/planned-kill" ]; then
        # A test killed it on purpose (WXM_PRIVATE_KEYRING_STATE): restart it without counting a crash.
        rm -f "$state/planned-kill"
        echo "with-keyring: restarting gnome-keyring-daemon after a test stopped it on purpose." >&2
        continue
      fi
      n=$((n + 1))
      echo "with-keyring: gnome-keyring-daemon died (status $status) while the command ran; keychain calls in flight failed. Restarting it ($n). Its output:" >&2
      tail -n 20 "$log" >&2
      echo "$status" >>"$state/deaths"
      [ "$n" -lt 5 ] || exit 1
    done
  ) &
  supervisor=$!
  stop() {
    : >"$state/stop"
    kill "$(cat "$state/daemon.pid" 2>/dev/null)" 2>/dev/null || true
    wait "$supervisor" 2>/dev/null || true
  }

  i=0
  until serving; do
    i=$((i + 1))
    if [ "$i" -ge 200 ] || ! kill -0 "$supervisor" 2>/dev/null; then
      echo "with-keyring: gnome-keyring did not come up unlocked within 10 s. Check that the gnome-keyring and dbus packages are installed. Daemon output:" >&2
      cat "$log" >&2; stop; exit 2
    fi
    sleep 0.05
  done
  GNOME_KEYRING_CONTROL="$(sed -n 's/^GNOME_KEYRING_CONTROL=//p' "$state/daemon.env")"; export GNOME_KEYRING_CONTROL

  # Tells tests this keyring is private to the run (so one may stop its daemon) and where to say it was on purpose.
  WXM_PRIVATE_KEYRING_STATE="$state"; export WXM_PRIVATE_KEYRING_STATE
  rc=0; "$@" || rc=$?
  stop
  if [ -e "$state/deaths" ]; then
    echo "with-keyring: gnome-keyring-daemon died $(wc -l <"$state/deaths") time(s) during the run and was restarted (see above)." >&2
  fi
  exit "$rc"
fi

[ "$#" -gt 0 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/wxm-keyring.XXXXXX")"
trap 'rm -rf "$work"' EXIT INT TERM
export HOME="${KEYRING_HOME:-$work/home}"
mkdir -p "$HOME"

# No <servicedir>: nothing can be activated, not a second daemon, not a prompter.
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
  <!-- The limits of Debian's session.conf: dbus-daemon's built-in ones are a system bus's. -->
  <limit name="max_incoming_bytes">1000000000</limit>
  <limit name="max_outgoing_bytes">1000000000</limit>
  <limit name="max_message_size">1000000000</limit>
  <limit name="max_completed_connections">100000</limit>
  <limit name="max_incomplete_connections">10000</limit>
  <limit name="max_connections_per_user">100000</limit>
  <limit name="max_names_per_connection">50000</limit>
  <limit name="max_match_rules_per_connection">50000</limit>
  <limit name="max_replies_per_connection">50000</limit>
</busconfig>
EOF

rc=0
dbus-run-session --config-file="$work/bus.conf" -- sh "$0" --in-session "$work" "$@" || rc=$?
exit "$rc"
