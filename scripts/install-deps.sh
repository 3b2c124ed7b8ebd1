#!/usr/bin/env bash
# Installs Quarry's build and test dependencies from Debian's packages (uses sudo when not root).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake pkg-config \
  libboost-program-options1.81-dev libboost-iostreams1.81-dev libboost-json1.81-dev \
  libicu-dev libzstd-dev zlib1g-dev libstemmer-dev libxxhash-dev \
  libgtest-dev libbenchmark-dev libxapian-dev libsqlite3-dev \
  clang libclang-rt-14-dev gzip zstd >/dev/null
