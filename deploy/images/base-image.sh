#!/usr/bin/env bash
# Builds Trainyard's base image without Docker and without any container registry: a distroless-style
# root filesystem from Debian packages (apt-get download + dpkg-deb -x, no package scripts run), a
# Java 17 runtime linked by jlink from the build JDK, and a non-root user. Writes it as a `docker save`
# tarball that Jib takes as its base (`tar://...`), so the service images build where no registry is
# reachable.
#
#   deploy/images/base-image.sh OUTPUT.tar
#
# Needs Debian's apt-get/apt-cache/dpkg-deb, GNU tar and a JDK with jmods (JAVA_HOME, else the `java`
# on PATH). Reproducible: package versions are resolved once and pinned for the download, every file
# gets the same owner and mtime, entries are sorted; what went in is listed in the image at
# /usr/share/trainyard/base-image.manifest. Cached under ${TRAINYARD_IMAGE_CACHE:-~/.cache/trainyard/base-image},
# keyed by this script, the package versions and the JDK, so a second build only links the tarball.
set -euo pipefail

out=${1:?usage: base-image.sh OUTPUT.tar}

# Why each package: the JVM and libtorch need glibc, libgcc_s and libstdc++; Debian's JDK links the
# system zlib; base-files gives the FHS skeleton and os-release; ca-certificates the PEM bundle for
# non-Java TLS (Java uses the JDK's own cacerts); tzdata and netbase the usual /usr/share/zoneinfo,
# /etc/services and /etc/protocols. libtorch CPU ships its own libgomp, so libgomp1 is not needed.
packages=(base-files libc6 libgcc-s1 libstdc++6 zlib1g ca-certificates tzdata netbase)
# What a Quarkus service needs from the JDK: the Java SE modules plus sun.misc.Unsafe (Netty), EC and
# PKCS#11 crypto, zip file systems, JMX/JFR for diagnostics, DNS naming, extra charsets and Kerberos.
modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.charsets,jdk.security.auth,jdk.security.jgss,jdk.net,jdk.jfr
app_uid=185
app_user=trainyard
epoch=1   # every file's mtime, and the image's creation time (1970-01-01T00:00:01Z, like Jib's files)

for tool in apt-get apt-cache dpkg-deb tar sha256sum gzip flock; do
  command -v "$tool" >/dev/null || { echo "base-image.sh: $tool not found (needs a Debian-based build machine)" >&2; exit 1; }
done
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[ -x "$java_home/bin/jlink" ] && [ -d "$java_home/jmods" ] \
  || { echo "base-image.sh: $java_home has no jlink/jmods (Debian: openjdk-17-jdk-headless)" >&2; exit 1; }
grep -q '^JAVA_VERSION="17' "$java_home/release" \
  || { echo "base-image.sh: $java_home is not a Java 17 JDK" >&2; exit 1; }

# Resolve the candidate version of each package from the local apt lists (fetched once if missing).
resolve() { apt-cache show --no-all-versions "${packages[@]}" 2>/dev/null | awk '/^Package:/{p=$2} /^Version:/{print p "=" $2}'; }
pinned=$(resolve)
if [ "$(wc -l <<<"$pinned")" -ne "${#packages[@]}" ]; then
  [ "$(id -u)" -eq 0 ] || { echo "base-image.sh: apt lists incomplete; run apt-get update" >&2; exit 1; }
  apt-get update -qq
  pinned=$(resolve)
fi

key=$( { cat "$0"; echo "$pinned"; cat "$java_home/release"; } | sha256sum | cut -c1-16)
cache=${TRAINYARD_IMAGE_CACHE:-$HOME/.cache/trainyard/base-image}/$key
mkdir -p "$cache" "$(dirname "$out")"
exec 9>"$cache.lock"
flock 9   # parallel module builds wait for the first one instead of building the same image twice

if [ ! -f "$cache/base-image.tar" ]; then
  started=$SECONDS
  work=$(mktemp -d "$cache.work.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/debs" "$work/os" "$work/java/opt/java" "$work/user" "$work/image"

  # Packages: exact versions, no maintainer scripts; docs reduced to the copyright files.
  if ! (cd "$work/debs" && apt-get download -qq -o APT::Sandbox::User=root $pinned); then
    # Old apt lists name versions the mirror no longer has: refresh them once and start over.
    if [ -z "${TRAINYARD_BASE_IMAGE_RETRY:-}" ] && [ "$(id -u)" -eq 0 ]; then
      rm -rf "$work"
      apt-get update -qq
      TRAINYARD_BASE_IMAGE_RETRY=1 exec bash "$0" "$out"
    fi
    exit 1
  fi
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/os"; done
  find "$work/os/usr/share/doc" -type f ! -name copyright -delete
  rm -rf "$work/os/usr/share/man" "$work/os/usr/share/info" "$work/os/usr/share/lintian" "$work/os/usr/share/locale"
  # ca-certificates' postinst would build this bundle; do it here.
  mkdir -p "$work/os/etc/ssl/certs"
  find "$work/os/usr/share/ca-certificates" -name '*.crt' | LC_ALL=C sort | xargs cat > "$work/os/etc/ssl/certs/ca-certificates.crt"
  cat > "$work/os/etc/passwd" <<EOF
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
$app_user:x:$app_uid:$app_uid:Trainyard service:/home/$app_user:/sbin/nologin
EOF
  cat > "$work/os/etc/group" <<EOF
root:x:0:
nogroup:x:65534:
$app_user:x:$app_uid:
EOF
  printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n' \
    > "$work/os/etc/nsswitch.conf"
  chmod 1777 "$work/os/tmp"
  mkdir -p "$work/os/usr/share/trainyard"
  { echo "# Trainyard base image $key"
    for deb in "$work"/debs/*.deb; do
      echo "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version) sha256:$(sha256sum "$deb" | cut -d' ' -f1)"
    done
    echo "jdk $(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$java_home/release") modules=$modules"
  } > "$work/os/usr/share/trainyard/base-image.manifest"

  # Java runtime: only the modules above, no debug symbols, man pages or headers.
  "$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --output "$work/java/opt/java/openjdk"

  # The user's home (HOME, DJL's default cache) and /var/lib/trainyard (a place for volumes such as
  # artifacts: Docker copies a directory's owner into a new named volume) belong to the user.
  mkdir -p "$work/user/home/$app_user" "$work/user/var/lib/trainyard"

  layer() { # layer NAME DIR OWNER [PATHS]: a deterministic, gzipped tar; prints its uncompressed digest
    local name=$1 dir=$2 owner=$3; shift 3
    [ $# -gt 0 ] || set -- $(ls -A "$dir")   # top-level names, not "./": Jib refuses to unpack that entry
    tar -C "$dir" --sort=name --mtime="@$epoch" --owner="$owner" --group="$owner" --numeric-owner --format=gnu \
      --no-acls --no-xattrs -cf "$work/image/$name.tar" "$@"
    sha256sum "$work/image/$name.tar" | cut -d' ' -f1
    gzip -n "$work/image/$name.tar"
  }
  os_id=$(layer os "$work/os" 0)
  java_id=$(layer java "$work/java" 0)
  # Only the two directories: parent entries in this layer would hand /home or /var to the user.
  user_id=$(layer user "$work/user" "$app_uid" "home/$app_user" var/lib/trainyard)

  created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
  cat > "$work/image/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"User":"$app_uid:$app_uid","WorkingDir":"/home/$app_user",
  "Env":["PATH=/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin","JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"],
  "Labels":{"org.opencontainers.image.title":"trainyard-java17-base","io.trainyard.base-image":"$key"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$os_id","sha256:$java_id","sha256:$user_id"]},
 "history":[{"created":"$created","created_by":"base-image.sh: Debian packages $(echo $pinned)"},
  {"created":"$created","created_by":"base-image.sh: jlink $modules"},
  {"created":"$created","created_by":"base-image.sh: home of $app_user ($app_uid)"}]}
EOF
  echo "[{\"Config\":\"config.json\",\"RepoTags\":[\"trainyard/java17-base:$key\"],\"Layers\":[\"os.tar.gz\",\"java.tar.gz\",\"user.tar.gz\"]}]" \
    > "$work/image/manifest.json"
  tar -C "$work/image" --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner --format=gnu \
    -cf "$work/base-image.tar" manifest.json config.json os.tar.gz java.tar.gz user.tar.gz
  mv "$work/base-image.tar" "$cache/base-image.tar"
  echo "base-image.sh: built trainyard/java17-base:$key in $((SECONDS - started)) s"
fi

ln -f "$cache/base-image.tar" "$out" 2>/dev/null || cp "$cache/base-image.tar" "$out"
echo "base-image.sh: $out = trainyard/java17-base:$key ($(stat -c %s "$out") bytes)"
