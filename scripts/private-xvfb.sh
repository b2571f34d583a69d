# Sourced (not run) after scripts/private-keyring.sh by the screenshot scripts. Gives them:
#   wait_for WHAT COMMAND...   polls COMMAND every 0.1 s for up to 30 s;
#   an Xvfb of 1280x800 on a free-ish display (DISPLAY exported), stopped on exit with `pids`.
# shellcheck shell=bash

wait_for() { # what, command...
    local what=$1
    shift
    for _ in $(seq 300); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    echo "timed out waiting for $what" >&2
    return 1
}

display_number=$((100 + $$ % 800))
export DISPLAY=":$display_number"
Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
wait_for "Xvfb" test -S "/tmp/.X11-unix/X$display_number"
