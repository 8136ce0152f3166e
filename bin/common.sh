# Shared by bin/maskwatch, bin/test and .ci/run: Java selection and the idempotent bootstrap.
# Sourced, not run. Every failure is one line on stderr that says what to do.

MASKWATCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OPENVINO_VERSION="2026.4.1"   # keep equal to RuntimeFinder.PINNED_VERSION
OPENVINO_DIR="$MASKWATCH_ROOT/.maskwatch/openvino"
TEMURIN_25="/usr/lib/jvm/temurin-25-jdk-amd64"

die() { echo "maskwatch: $*" >&2; exit 2; }
note() { [ -n "${MASKWATCH_QUIET:-}" ] || echo "maskwatch: $*" >&2; }

java_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

# JAVA_HOME when it is a JDK >= 25, else the Temurin 25 path, else fail.
select_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ "$(java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    :
  elif [ "$(java_major "$TEMURIN_25")" -ge 25 ] 2>/dev/null; then
    JAVA_HOME="$TEMURIN_25"
  else
    die "needs a JDK 25 or newer: set JAVA_HOME to one (looked at JAVA_HOME='${JAVA_HOME:-}' and $TEMURIN_25)"
  fi
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
}

# The pinned OpenVINO wheel, unpacked into a project-local folder (no system-wide install).
install_openvino() {
  local stamp="$OPENVINO_DIR/.installed-$OPENVINO_VERSION"
  [ -f "$stamp" ] && return 0
  command -v python3 >/dev/null || die "python3 is needed to install OpenVINO: apt-get install python3 python3-pip"
  note "installing OpenVINO $OPENVINO_VERSION into $OPENVINO_DIR"
  rm -rf "$OPENVINO_DIR"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --target "$OPENVINO_DIR" "openvino==$OPENVINO_VERSION" >&2 \
    || die "pip could not install openvino==$OPENVINO_VERSION; check that PyPI is reachable, then rerun"
  touch "$stamp"
}

fetch_models() {
  python3 "$MASKWATCH_ROOT/tools/setup/fetch_models.py" "$MASKWATCH_ROOT" || die "model fetch failed (see above); rerun bin/maskwatch setup"
}

# Builds when any source or pom is newer than the launcher jar. Maven caches what it downloads
# in ~/.m2, so only the first build reaches the network.
build() {
  local jar="$MASKWATCH_ROOT/bundles/launcher/target/maskwatch-launcher-0.1.0-SNAPSHOT.jar"
  if [ -f "$jar" ] && [ -f "$MASKWATCH_ROOT/bundles/launcher/target/classpath.txt" ] && \
     [ -z "$(find "$MASKWATCH_ROOT" -path "$MASKWATCH_ROOT/.maskwatch" -prune -o -path '*/target' -prune -o \
            \( -name '*.java' -o -name 'pom.xml' -o -name '*.bnd' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit)" ]; then
    return 0
  fi
  note "building (mvn install -DskipTests)"
  (cd "$MASKWATCH_ROOT" && mvn -B -q install -DskipTests >&2) || die "the build failed (see above)"
}

# Maven rewrites target/*.jar in place, which pulls classes from under a command that is running
# (a training run, a host). Commands therefore run from a snapshot of the jars built here, taken
# after each build; third-party jars stay in ~/.m2, where they never change.
RUNNABLE_MODULES="bundles/launcher tools/trainer bench"
LIB_DIR="$MASKWATCH_ROOT/.maskwatch/lib"

latest_snapshot() {
  ls -1d "$LIB_DIR"/[0-9]* 2>/dev/null | sort | tail -n 1
}

take_snapshot() {
  local id dir module target main cp entry out
  id=$(date +%s%N)
  dir="$LIB_DIR/$id.partial"
  mkdir -p "$dir"
  for module in $RUNNABLE_MODULES; do
    target="$MASKWATCH_ROOT/$module/target"
    main=$(ls "$target"/maskwatch-*-0.1.0-SNAPSHOT.jar 2>/dev/null | head -n 1)
    [ -n "$main" ] && [ -f "$target/classpath.txt" ] || continue
    out=""
    for entry in "$main" $(tr ':' ' ' < "$target/classpath.txt"); do
      case "$entry" in
        "$MASKWATCH_ROOT"/*)
          [ -e "$dir/$(basename "$entry")" ] || cp -r "$entry" "$dir/"
          entry="$dir/$(basename "$entry")" ;;
      esac
      out="${out:+$out:}$entry"
    done
    printf '%s\n' "${out//$dir/$LIB_DIR/$id}" > "$dir/${module//\//_}.cp"
  done
  mv "$dir" "$LIB_DIR/$id"
  # Older snapshots may still be in use by long runs: only those a day old and not among the
  # newest three are removed.
  ls -1d "$LIB_DIR"/[0-9]* | sort | head -n -3 | while read -r old; do
    [ -n "$(find "$old" -maxdepth 0 -mmin +1440)" ] && rm -rf "$old"
  done
  return 0
}

# The classpath file of a module in the current snapshot, taking a new snapshot when the build is newer.
module_classpath() {
  local snap launcher="$MASKWATCH_ROOT/bundles/launcher/target/maskwatch-launcher-0.1.0-SNAPSHOT.jar"
  snap=$(latest_snapshot)
  if [ -z "$snap" ] || [ "$launcher" -nt "$snap" ] || [ "$MASKWATCH_ROOT/$1/target/classpath.txt" -nt "$snap" ]; then
    take_snapshot
    snap=$(latest_snapshot)
  fi
  [ -f "$snap/${1//\//_}.cp" ] || die "$1 is not built; run bin/maskwatch setup"
  echo "$snap/${1//\//_}.cp"
}

setup() {
  select_java
  install_openvino
  fetch_models
  build
}
