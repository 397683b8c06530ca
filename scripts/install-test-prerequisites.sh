#!/usr/bin/env bash
# System packages the product and its tests drive, from Debian/Ubuntu's repositories: Chromium
# (the web app's end-to-end tests), redis-server (shared rate limits; the tests start it
# themselves), bubblewrap (the terminals' sandbox), ripgrep (search in workspace files) and git
# (agent checkpoints). Installs only what is missing; uses sudo when not root.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v bwrap >/dev/null || missing+=(bubblewrap)
command -v rg >/dev/null || missing+=(ripgrep)
command -v git >/dev/null || missing+=(git)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update
$sudo apt-get install -y "${missing[@]}"
