#!/usr/bin/env bash
# The jar carries libpovmon (linux-x86-64/libpovmon.so, where JNA looks on the
# class path): the Java example runs with nothing but the jar, its own classes
# and jna.jar, no -Dpovmon.library, no POVMON_LIBRARY, no libpovmon installed,
# and prints what the C example prints. The pom next to the jar names the
# same version and JNA.
#
#   jar_test.sh JAVA POVMON_JAR EXAMPLE_JAR JNA_AND_PROTOBUF_CLASSPATH POM C_EXAMPLE SOURCE_DIR
set -euo pipefail
java="$1" povmon_jar="$2" example_jar="$3" jna_jar="$4" pom="$5" c_example="$6" source_dir="$7"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
version="$(sed -n 's/#define POVMON_VERSION_STRING "\(.*\)"/\1/p' "$source_dir/include/povmon/version.h")"

unzip -l "$povmon_jar" >"$work/contents.txt"
grep -q " linux-x86-64/libpovmon.so$" "$work/contents.txt" || fail "no linux-x86-64/libpovmon.so in $povmon_jar"
grep -q " org/povmon/v1/Decision.class$" "$work/contents.txt" || fail "no typed org.povmon.v1.Decision in $povmon_jar"
pack="$source_dir/policies/hunan-2024"
households="$source_dir/examples/households/hunan.jsonl"
status=0
(cd "$work" && env -u POVMON_LIBRARY -u LD_LIBRARY_PATH "$java" -Djna.debug_load=true \
  -Djna.tmpdir="$work/jna" -cp "$example_jar:$povmon_jar:$jna_jar" EvaluateHouseholds \
  "$pack" 2024-11-30 "$households" >"$work/java.txt" 2>"$work/java.err") || status=$?
[ "$status" -eq 2 ] || { cat "$work/java.err" >&2; fail "java example exited $status (2 expected)"; }
grep -q "linux-x86-64/libpovmon.so" "$work/java.err" \
  || { cat "$work/java.err" >&2; fail "JNA did not take libpovmon from the jar"; }
"$c_example" "$pack" 2024-11-30 "$households" >"$work/c.txt" || true
diff "$work/c.txt" "$work/java.txt" >/dev/null || { diff "$work/c.txt" "$work/java.txt" | head; fail "Java (jar's library) and C differ"; }

# The pom: well-formed, the jar's version, JNA as its dependency.
python3 - "$pom" "$version" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
root = ET.parse(sys.argv[1]).getroot()
get = lambda path: root.find(path, ns).text
assert (get("m:groupId"), get("m:artifactId"), get("m:version")) == ("org.povmon", "povmon", sys.argv[2]), \
    (get("m:groupId"), get("m:artifactId"), get("m:version"))
deps = {(d.find("m:groupId", ns).text, d.find("m:artifactId", ns).text)
        for d in root.findall("m:dependencies/m:dependency", ns)}
assert ("net.java.dev.jna", "jna") in deps, deps
assert ("com.google.protobuf", "protobuf-java") in deps, deps
PY
echo "jar test passed: $(grep libpovmon.so "$work/contents.txt" | awk '{print $1, $4}')"
