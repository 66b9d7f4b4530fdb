# Sourced by the ensure-*.sh scripts: say() for their messages, and as_root(), which sets $sudo to
# what runs a command as root here ("" as root, "sudo -n" with password-less sudo) or fails.
say() { echo "[openedx-events] $*" >&2; }
as_root() {
  sudo=""
  [[ "$(id -u)" -eq 0 ]] && return 0
  sudo -n true 2>/dev/null || return 1
  sudo="sudo -n"
}
