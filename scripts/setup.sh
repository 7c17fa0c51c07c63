#!/usr/bin/env bash
# Installs what AIMS needs on a Debian/Ubuntu machine with Python 3.11+:
# system packages (Tesseract with Japanese and English data; with --test also
# fonts and Chromium for the test suite; with --bench also wrk for the HTTP
# benchmarks), uv, and the locked Python environment in .venv. Safe to run
# again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
want_bench=false
for arg in "$@"; do
  case "$arg" in
    --test) want_test=true ;;
    --bench) want_bench=true ;;
    *) echo "setup: unknown option $arg (use --test, --bench)" >&2; exit 2 ;;
  esac
done

# The packages AIMS uses (run) and the test suite adds (test); tests/architecture/
# test_setup_packages.py checks these lists against the files the app and the tests open.
run_packages=(tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert tesseract-ocr-eng)
# tesserocr (Tesseract inside the analysis processes) is built against the system's libtesseract.
build_packages=(libtesseract-dev libleptonica-dev pkg-config g++ python3-dev)
# IPA fonts: the tests set Japanese PDFs in them and Chromium renders Japanese pages with them;
# libatomic1: the Node.js that drives Chromium for the browser tests (Playwright) links it.
test_packages=(fonts-ipafont-gothic fonts-ipafont-mincho fonts-ipaexfont-gothic fonts-ipaexfont-mincho chromium libatomic1)
# wrk: the load generator of bench/hotpaths.py (taskset, which pins the servers, is in util-linux).
bench_packages=(wrk util-linux)

packages=("${run_packages[@]}" "${build_packages[@]}")
$want_test && packages+=("${test_packages[@]}")
$want_bench && packages+=("${bench_packages[@]}")
command -v python3 >/dev/null || packages+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || packages+=(python3-venv)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo -n true 2>/dev/null && sudo="sudo -n"
  if command -v apt-get >/dev/null && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install: ${missing[*]} (no root or passwordless sudo here; continuing)" >&2
  fi
fi

if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: Python 3.11 or newer is required (found $(python3 --version))" >&2
  exit 1
fi

uv=$(command -v uv || true)
if [ -z "$uv" ]; then
  if [ ! -x .tools/bin/uv ]; then
    echo "setup: installing uv into .tools/" >&2
    python3 -m venv .tools
    .tools/bin/pip install --quiet --disable-pip-version-check uv
  fi
  uv=.tools/bin/uv
fi

# Bytecode compiled once, here: a process started with PYTHONDONTWRITEBYTECODE (containers, CI
# runners) otherwise compiles every module it imports from source on each start (an `aims`
# command then spends ~6 s of CPU before it does anything). Up-to-date files are skipped.
"$uv" sync --frozen --quiet --compile-bytecode --python "$(command -v python3)"
.venv/bin/python -m compileall -q src
