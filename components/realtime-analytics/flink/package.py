"""Packages the Flink application: the Python job, its SQL and the connector JARs, as one zip.

    python3 package.py [--skip-jars] [--out PATH]

Connector JARs come from Maven Central at the versions pinned in connectors.json, each checked
against the SHA-512 (or, for older releases, SHA-1) digest Maven Central publishes and, when
connectors.json pins one, against that digest too. Managed Flink's `jarfile` run option takes one
JAR, so the connectors are merged into lib/pyflink-dependencies.jar the way maven-shade does:
service files concatenated, signatures dropped, the first copy of any other entry kept.

Where Maven Central cannot be reached the script stops and says so; --skip-jars builds a
code-only zip for offline plans (the job refuses to start from it, see main.py). It never
writes a JAR it did not verify.
"""

import argparse
import hashlib
import json
import os
import sys
import urllib.error
import urllib.request
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
LIB = os.path.join(HERE, "lib")
DEFAULT_OUT = os.path.join(HERE, "dist", "realtime-flink.zip")
MERGED_JAR = "pyflink-dependencies.jar"
APP_FILES = ("main.py", "realtime_kpis.sql")
# A fixed timestamp makes the zip byte-identical run to run, so Pulumi sees no change to deploy.
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


class PackagingError(Exception):
    pass


def artifact_url(repository, artifact):
    group = artifact["groupId"].replace(".", "/")
    name, version = artifact["artifactId"], artifact["version"]
    return f"{repository}/{group}/{name}/{version}/{name}-{version}.jar"


def fetch(url, timeout=30):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise PackagingError(f"{url}: HTTP {error.code}") from error
    except (urllib.error.URLError, OSError) as error:
        raise PackagingError(
            f"cannot reach {url} ({error}). Maven Central must be reachable to fetch the "
            "connector JARs; run where it is, or pass --skip-jars for a code-only artifact "
            "(enough for an offline plan, not for a deployment that runs)"
        ) from error


def verify(name, content, published, algorithm, pinned_sha512):
    actual = hashlib.new(algorithm, content).hexdigest()
    expected = published.split()[0].strip().lower()
    if actual != expected:
        raise PackagingError(f"{name}: {algorithm} {actual} does not match the published {expected}")
    sha512 = hashlib.sha512(content).hexdigest()
    if pinned_sha512 and sha512 != pinned_sha512.lower():
        raise PackagingError(f"{name}: sha512 {sha512} does not match the pinned {pinned_sha512}")
    return sha512


def fetch_verified(repository, artifact, lib_dir=LIB):
    """Downloads one JAR (or reuses a verified copy) and returns (path, sha512)."""
    url = artifact_url(repository, artifact)
    name = url.rsplit("/", 1)[1]
    content = fetch(url)
    if content is None:
        raise PackagingError(f"{url} does not exist; check the pinned version in connectors.json")
    for algorithm in ("sha512", "sha1"):
        published = fetch(f"{url}.{algorithm}")
        if published is not None:
            sha512 = verify(name, content, published.decode(), algorithm, artifact.get("sha512"))
            break
    else:
        raise PackagingError(f"{url}: Maven Central publishes no .sha512 or .sha1 to verify it")
    os.makedirs(lib_dir, exist_ok=True)
    path = os.path.join(lib_dir, name)
    with open(path, "wb") as handle:
        handle.write(content)
    return path, sha512


def is_signature(entry):
    upper = entry.upper()
    return upper.startswith("META-INF/") and upper.endswith((".SF", ".RSA", ".DSA", ".EC"))


def merge_jars(paths, out_path):
    """One JAR from several: services concatenated, signatures dropped, first copy wins."""
    services = {}
    written = set()
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as out:
        for path in paths:
            with zipfile.ZipFile(path) as jar:
                for info in jar.infolist():
                    entry = info.filename
                    if info.is_dir() or is_signature(entry):
                        continue
                    data = jar.read(entry)
                    if entry.startswith("META-INF/services/"):
                        lines = services.setdefault(entry, [])
                        for line in data.decode("utf-8").splitlines():
                            if line.strip() and line not in lines:
                                lines.append(line)
                        continue
                    if entry in written:
                        continue
                    written.add(entry)
                    out.writestr(zipfile.ZipInfo(entry, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
        for entry in sorted(services):
            text = "\n".join(services[entry]) + "\n"
            out.writestr(zipfile.ZipInfo(entry, FIXED_TIME), text, zipfile.ZIP_DEFLATED)


def build_zip(out_path, merged_jar, manifest):
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in APP_FILES:
            with open(os.path.join(HERE, name), "rb") as handle:
                out.writestr(zipfile.ZipInfo(name, FIXED_TIME), handle.read(), zipfile.ZIP_DEFLATED)
        if merged_jar:
            with open(merged_jar, "rb") as handle:
                info = zipfile.ZipInfo(f"lib/{MERGED_JAR}", FIXED_TIME)
                out.writestr(info, handle.read(), zipfile.ZIP_DEFLATED)
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        out.writestr(zipfile.ZipInfo("MANIFEST.json", FIXED_TIME), text, zipfile.ZIP_DEFLATED)


def main(argv):
    parser = argparse.ArgumentParser(description="Package the realtime Flink application.")
    parser.add_argument("--skip-jars", action="store_true", help="code-only zip (offline plans)")
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument(
        "--repository", help="Maven repository (a mirror); default: connectors.json's repository"
    )
    args = parser.parse_args(argv)
    with open(os.path.join(HERE, "connectors.json"), encoding="utf-8") as handle:
        pinned = json.load(handle)
    repository = args.repository or pinned["repository"]

    merged = None
    connectors = []
    if args.skip_jars:
        print("--skip-jars: packaging without connector JARs; the job will refuse to start from this zip.")
    else:
        paths = []
        for artifact in pinned["artifacts"]:
            path, sha512 = fetch_verified(repository, artifact)
            paths.append(path)
            connectors.append({**artifact, "sha512": sha512})
            if not artifact.get("sha512"):
                print(f"verified {os.path.basename(path)}; pin it in connectors.json: sha512 {sha512}")
        merged = os.path.join(LIB, MERGED_JAR)
        merge_jars(paths, merged)
    manifest = {
        "connectorJars": "skipped" if args.skip_jars else "included",
        "connectors": connectors,
    }
    build_zip(args.out, merged, manifest)
    print(f"wrote {os.path.relpath(args.out)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except PackagingError as error:
        print(f"flink:package failed: {error}", file=sys.stderr)
        sys.exit(2)
