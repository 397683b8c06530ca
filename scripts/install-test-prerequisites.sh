#!/usr/bin/env bash
# System packages the test suite drives, from Debian/Ubuntu's repositories: Chromium (the web
# app's end-to-end tests) and redis-server (shared rate limits; the tests start it themselves).
# Installs only what is missing; uses sudo when not root.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v redis-server >/dev/null || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update
$sudo apt-get install -y "${missing[@]}"
