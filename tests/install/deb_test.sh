#!/usr/bin/env bash
# The Debian packages, without a container: cpack writes the .deb files,
# `dpkg -x` unpacks them into a scratch root, and then
#   - each package holds what it should (and nothing of the others');
#   - their control fields name the right packages and dependencies;
#   - examples/c/evaluate_households.c builds against the scratch root with
#     `pkg-config --cflags --libs povmon` alone and prints, byte for byte,
#     what the in-tree build of the same example prints;
#   - the packaged povmon command checks every packaged pack.
#
#   deb_test.sh BUILD_DIR SOURCE_DIR IN_TREE_EXAMPLE_C
set -euo pipefail
build_dir="$(cd "$1" && pwd)"
source_dir="$(cd "$2" && pwd)"
in_tree_example="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="$(sed -n 's/#define POVMON_VERSION_STRING "\(.*\)"/\1/p' "$source_dir/include/povmon/version.h")"
major="${version%%.*}"
arch="$(dpkg --print-architecture)"

fail() { echo "FAIL: $*" >&2; exit 1; }

cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/debs" >"$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log" >&2; fail "cpack"; }
lib_deb="$work/debs/povmon_${version}_libpovmon${major}_${arch}.deb"
dev_deb="$work/debs/povmon_${version}_libpovmon-dev_${arch}.deb"
cli_deb="$work/debs/povmon_${version}_povmon_${arch}.deb"
for deb in "$lib_deb" "$dev_deb" "$cli_deb"; do
  [ -f "$deb" ] || { ls -l "$work/debs" >&2; fail "no $(basename "$deb")"; }
done
# `apt install ./povmon_*.deb` takes exactly these three.
[ "$(cd "$work/debs" && ls povmon_*.deb | wc -l)" -eq 3 ] || fail "not three povmon_*.deb"

field() { dpkg-deb --field "$1" "$2"; }
[ "$(field "$lib_deb" Package)" = "libpovmon${major}" ] || fail "lib package name"
[ "$(field "$dev_deb" Package)" = "libpovmon-dev" ] || fail "dev package name"
[ "$(field "$cli_deb" Package)" = "povmon" ] || fail "cli package name"
for deb in "$lib_deb" "$dev_deb" "$cli_deb"; do
  [ "$(field "$deb" Version)" = "$version" ] || fail "$(basename "$deb"): version"
done
field "$lib_deb" Depends | grep -q "libprotobuf" || fail "libpovmon${major} does not depend on protobuf"
field "$dev_deb" Depends | grep -q "libpovmon${major} (= $version)" \
  || fail "libpovmon-dev does not depend on libpovmon${major} (= $version): $(field "$dev_deb" Depends)"
field "$dev_deb" Depends | grep -q "libprotobuf-dev" || fail "libpovmon-dev: no libprotobuf-dev"
field "$cli_deb" Depends | grep -q "libprotobuf" || fail "povmon does not depend on protobuf"

contents() { dpkg-deb --fsys-tarfile "$1" | tar -t | sed 's|^\./|/|'; }
contents "$lib_deb" >"$work/lib.txt"
contents "$dev_deb" >"$work/dev.txt"
contents "$cli_deb" >"$work/cli.txt"
expect() { grep -Eq "$2" "$work/$1.txt" || { cat "$work/$1.txt" >&2; fail "$1 has no $2"; }; }
refuse() { if grep -Eq "$2" "$work/$1.txt"; then fail "$1 holds $2"; fi; }
expect lib "^/usr/lib/.*libpovmon\.so\.${major}$"
expect lib "^/usr/lib/.*libpovmon\.so\.${version}$"
refuse lib "include/|\.a$|libpovmon\.so$|bin/povmon|policies"
expect dev "^/usr/include/povmon/povmon\.h$"
expect dev "^/usr/include/povmon/version\.h$"
expect dev "^/usr/include/povmon/policy\.h$"
expect dev "^/usr/include/povmon/v1/decision\.pb\.h$"
expect dev "^/usr/lib/.*libpovmon\.a$"
expect dev "^/usr/lib/.*libpovmon\.so$"
expect dev "^/usr/lib/.*pkgconfig/povmon\.pc$"
expect dev "^/usr/lib/.*cmake/povmon/povmonConfig\.cmake$"
expect dev "^/usr/share/povmon/proto/povmon/v1/household\.proto$"
refuse dev "libpovmon\.so\.|bin/povmon|policies/"
expect cli "^/usr/bin/povmon$"
expect cli "^/usr/share/povmon/policies/hunan-2024/pack\.textproto$"
refuse cli "include/|/lib/"

root="$work/root"
for deb in "$lib_deb" "$dev_deb" "$cli_deb"; do dpkg -x "$deb" "$root"; done
grep -qx "prefix=/usr" "$root"/usr/lib/*pkgconfig/povmon.pc 2>/dev/null \
  || grep -qx "prefix=/usr" "$root"/usr/lib/*/pkgconfig/povmon.pc || fail "povmon.pc prefix is not /usr"

# The C example, built with pkg-config alone (sysroot = the scratch root).
export PKG_CONFIG_SYSROOT_DIR="$root"
export PKG_CONFIG_LIBDIR="$root/usr/lib/pkgconfig:$root/usr/lib/$(gcc -print-multiarch)/pkgconfig"
[ "$(pkg-config --modversion povmon)" = "$version" ] || fail "pkg-config --modversion"
flags="$(pkg-config --cflags --libs povmon)"
echo "pkg-config --cflags --libs povmon: $flags"
case "$flags" in *"$root/usr/include"*) ;; *) fail "cflags do not point into the root";; esac
cc -std=c99 -Wall -Wextra -Werror "$source_dir/examples/c/evaluate_households.c" $flags \
  -o "$work/evaluate_households"
libdir="$(dirname "$(ls "$root"/usr/lib/libpovmon.so.$major "$root"/usr/lib/*/libpovmon.so.$major 2>/dev/null | head -1)")"
pack="$root/usr/share/povmon/policies/hunan-2024"
households="$source_dir/examples/households/hunan.jsonl"
status=0
LD_LIBRARY_PATH="$libdir" "$work/evaluate_households" "$pack" 2024-11-30 "$households" \
  >"$work/packaged.txt" || status=$?
[ "$status" -eq 2 ] || fail "packaged example exited $status (2 expected: hunan.jsonl ends with bad records)"
# The program runs against the packaged library, not the build tree's. (ldd's
# output is kept first: piped into grep -q, which stops at the match, ldd
# could die of SIGPIPE and pipefail would fail the test at random.)
loaded="$(LD_LIBRARY_PATH="$libdir" ldd "$work/evaluate_households")" || fail "ldd failed"
grep -q "libpovmon.so.$major => $libdir/libpovmon.so.$major" <<<"$loaded" \
  || { echo "$loaded" >&2; fail "does not load $libdir/libpovmon.so.$major"; }
"$in_tree_example" "$pack" 2024-11-30 "$households" >"$work/in_tree.txt" || true
diff "$work/in_tree.txt" "$work/packaged.txt" >/dev/null || { diff "$work/in_tree.txt" "$work/packaged.txt" | head; fail "packaged example differs from the in-tree one"; }
grep -c "^== " "$work/packaged.txt" | grep -qx 32 || fail "not 32 records"
grep -q "CATEGORY_MARGINAL_AT_RISK\|邊緣易致貧戶\|边缘易致贫户" "$work/packaged.txt" || fail "no decision printed"

# The packaged command and packs.
"$root/usr/bin/povmon" version | grep -q "$version" || fail "povmon version"
for pack_dir in "$root"/usr/share/povmon/policies/*/; do
  "$root/usr/bin/povmon" check "$pack_dir" >/dev/null || fail "povmon check $pack_dir"
done
echo "deb packages: $(cd "$work/debs" && ls povmon_*.deb | tr '\n' ' ')"
du -k "$lib_deb" "$dev_deb" "$cli_deb" | awk '{printf "  %s KiB %s\n", $1, $2}' | sed "s|$work/debs/||"
echo "deb test passed"
