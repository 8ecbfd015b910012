#!/usr/bin/env bash
# Installs what policylint needs to build on Debian/Ubuntu: libyaml-dev (and pkg-config).
# Sourced by the quick-start scripts; asks for sudo only when not root.
set -euo pipefail
need=()
dpkg -s libyaml-dev >/dev/null 2>&1 || need+=(libyaml-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if [ ${#need[@]} -gt 0 ]; then
  echo "policylint: installing ${need[*]} (needed to build)" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${need[@]}"
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "policylint: Swift 6 is required (https://www.swift.org/install/linux/); 'swift' is not on PATH" >&2
  exit 2
fi
