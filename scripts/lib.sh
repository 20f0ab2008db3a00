# Shared by scripts/run, scripts/test and scripts/bench: install what is missing, then build.
# Sourced, not run. Installs only Debian packages (and npm packages for the browser suite).

OTOS_PACKAGES=(build-essential cmake ninja-build pkg-config git ca-certificates
  libpoco-dev libyaml-cpp-dev doctest-dev libboost-dev libsqlite3-dev sqlite3
  libxlsxwriter-dev libreadstat-dev libsodium-dev libpq-dev)

# ensure_packages PKG...: apt-get install the ones not installed yet (apt-get update once).
ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "otos: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ -z "${OTOS_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq
    export OTOS_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
}

# node and npm: Debian's packages unless a node is already there (it may come with its own npm).
ensure_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
  ensure_packages nodejs npm
}

# build DIR [cmake args...]: configure once, then build.
build_otos() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
  fi
  cmake --build "$dir"
}
