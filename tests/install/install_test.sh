#!/usr/bin/env bash
# Install povmon into a scratch prefix, then build and run a consumer found
# through find_package(povmon), and check the pkg-config file.
set -euo pipefail
build_dir="$1"
source_dir="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -x "$work/prefix/bin/povmon"
test -f "$work/prefix/include/povmon/policy.h"
test -f "$work/prefix/include/povmon/v1/household.pb.h"
test -f "$work/prefix/share/povmon/policies/hunan-2024/pack.textproto"
PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig:$work/prefix/lib/x86_64-linux-gnu/pkgconfig" \
  pkg-config --modversion povmon | grep -qx "$(sed -n 's/#define POVMON_VERSION_STRING "\(.*\)"/\1/p' "$source_dir/include/povmon/version.h")"
cmake -S "$source_dir/tests/install/consumer" -B "$work/consumer" \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
output="$("$work/consumer/consumer" "$work/prefix/share/povmon/policies/hunan-2024")"
echo "$output"
echo "$output" | grep -q " c1 CATEGORY_MARGINAL_AT_RISK$"
"$work/prefix/bin/povmon" check "$work/prefix/share/povmon/policies/hunan-2024" >/dev/null
echo "install test passed"
