#!/usr/bin/env bash
# Install the Debian 12 packages povmon needs, only those that are missing.
set -euo pipefail
packages=(
  build-essential cmake pkg-config ccache
  libabsl-dev libprotobuf-dev protobuf-compiler
  libgtest-dev libgmock-dev libbenchmark-dev libsimdjson-dev libcli11-dev
  default-jdk-headless libjna-java libprotobuf-java junit5
  abigail-tools python3 python3-pip python3-venv
  libopencc-dev libopencc-data dpkg-dev file
  libgrpc++-dev protobuf-compiler-grpc python3-grpcio
  python3-dask python3-distributed
  chromium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi
