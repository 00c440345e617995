"""Packages the Flink application as Managed Flink runs a PyFlink job: one zip.

    python3 package.py [--skip-jars] [--out PATH] [--pin] [--repository URL] [--cache DIR]

Layout: the job's files (application.json's appFiles) at the root, the connector JARs merged
into the one JAR the run options name (`jarfile`, lib/pyflink-dependencies.jar), and
MANIFEST.json saying what went in. Managed Flink's `jarfile` takes one JAR, so the connectors
are merged the way maven-shade does: service files concatenated, signatures dropped, the first
copy of any other entry kept.

Every JAR is pinned in connectors.json by SHA-256 and SHA-1 and checked against both on every
fetch, from Maven Central or from the project-local cache (.cache/flink/jars, so a second
package or test run downloads nothing). --pin records the digests of a new version: it
downloads each JAR, checks it against the SHA-1 Maven Central publishes beside it, and writes
both digests into connectors.json for review. An unpinned JAR is never used.

--skip-jars builds a code-only zip for offline plans and local replays (the job refuses to start
from it on Managed Flink, see main.py).
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
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
with open(os.path.join(HERE, "application.json"), encoding="utf-8") as _handle:
    APPLICATION = json.load(_handle)
CONNECTORS = os.path.join(HERE, "connectors.json")
DEFAULT_CACHE = os.path.join(ROOT, ".cache", "flink", "jars")
DEFAULT_OUT = os.path.join(HERE, "dist", "realtime-flink.zip")
JARFILE = APPLICATION["runOptions"]["jarfile"]
MERGED_JAR = os.path.basename(JARFILE)
APP_FILES = tuple(APPLICATION["appFiles"])
# A fixed timestamp makes the zip byte-identical run to run, so Pulumi sees no change to deploy.
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
DIGESTS = ("sha256", "sha1")


class PackagingError(Exception):
    pass


def artifact_url(repository, artifact):
    group = artifact["groupId"].replace(".", "/")
    name, version = artifact["artifactId"], artifact["version"]
    # A classifier names a second JAR of the release (aws-msk-iam-auth's shaded `all`).
    classifier = f"-{artifact['classifier']}" if artifact.get("classifier") else ""
    return f"{repository}/{group}/{name}/{version}/{name}-{version}{classifier}.jar"


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


def digests(content):
    return {name: hashlib.new(name, content).hexdigest() for name in DIGESTS}


def check_pinned(name, content, artifact):
    """Raises unless the bytes have exactly the digests connectors.json pins."""
    actual = digests(content)
    for algorithm in DIGESTS:
        pinned = artifact.get(algorithm, "").lower()
        if actual[algorithm] != pinned:
            raise PackagingError(
                f"{name}: {algorithm} {actual[algorithm]} does not match the pinned {pinned}"
            )


def check_published(name, content, published):
    """Raises unless the bytes match the SHA-1 Maven Central publishes beside the JAR."""
    expected = published.split()[0].strip().lower()
    actual = hashlib.sha1(content).hexdigest()
    if actual != expected:
        raise PackagingError(f"{name}: sha1 {actual} does not match the published {expected}")


def download(repository, artifact):
    url = artifact_url(repository, artifact)
    content = fetch(url)
    if content is None:
        raise PackagingError(
            f"{url} does not exist (HTTP 404); check the pinned version in connectors.json"
        )
    published = fetch(f"{url}.sha1")
    if published is None:
        raise PackagingError(f"{url}: the repository publishes no .sha1 to verify it")
    check_published(url.rsplit("/", 1)[1], content, published.decode())
    return content


def fetch_verified(repository, artifact, cache_dir):
    """The JAR's path in the cache, reused or downloaded, checked against its pins either way."""
    name = artifact_url(repository, artifact).rsplit("/", 1)[1]
    if not all(artifact.get(algorithm) for algorithm in DIGESTS):
        raise PackagingError(
            f"connectors.json pins no sha256/sha1 for {name}; run `npm run flink:package -- "
            "--pin` where the repository serves it, review the digests it writes and commit them"
        )
    path = os.path.join(cache_dir, name)
    if os.path.exists(path):
        with open(path, "rb") as handle:
            cached = handle.read()
        try:
            check_pinned(name, cached, artifact)
            return path
        except PackagingError as error:
            # A damaged or foreign copy is never used; fetch a fresh one.
            print(f"cached {error}; downloading it again", file=sys.stderr)
            os.remove(path)
    content = download(repository, artifact)
    check_pinned(name, content, artifact)
    os.makedirs(cache_dir, exist_ok=True)
    with open(path + ".part", "wb") as handle:
        handle.write(content)
    os.replace(path + ".part", path)
    return path


def pin(connectors_path, repository):
    """Writes the digests of every artifact, checked against the repository's published SHA-1."""
    with open(connectors_path, encoding="utf-8") as handle:
        pinned = json.load(handle)
    for artifact in pinned["artifacts"]:
        artifact.update(digests(download(repository, artifact)))
    with open(connectors_path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(pinned, indent=2) + "\n")
    return pinned


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
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in APP_FILES:
            with open(os.path.join(HERE, name), "rb") as handle:
                out.writestr(zipfile.ZipInfo(name, FIXED_TIME), handle.read(), zipfile.ZIP_DEFLATED)
        if merged_jar:
            with open(merged_jar, "rb") as handle:
                info = zipfile.ZipInfo(JARFILE, FIXED_TIME)
                out.writestr(info, handle.read(), zipfile.ZIP_DEFLATED)
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        out.writestr(zipfile.ZipInfo("MANIFEST.json", FIXED_TIME), text, zipfile.ZIP_DEFLATED)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Package the realtime Flink application.")
    parser.add_argument("--skip-jars", action="store_true", help="code-only zip (offline plans)")
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--pin", action="store_true", help="record the JARs' digests, then stop")
    parser.add_argument(
        "--repository", help="Maven repository (a mirror); default: connectors.json's repository"
    )
    parser.add_argument("--connectors", default=CONNECTORS, help=argparse.SUPPRESS)
    parser.add_argument("--cache", default=DEFAULT_CACHE, help="verified JAR cache")
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    with open(args.connectors, encoding="utf-8") as handle:
        pinned = json.load(handle)
    repository = args.repository or pinned["repository"]
    if args.pin:
        for artifact in pin(args.connectors, repository)["artifacts"]:
            name = f"{artifact['artifactId']} {artifact['version']}"
            print(f"pinned {name}: sha256 {artifact['sha256']}")
        return 0

    merged = None
    connectors = []
    if args.skip_jars:
        print(
            "--skip-jars: packaging without connector JARs; the job will refuse to start from "
            "this zip."
        )
    else:
        paths = [fetch_verified(repository, a, args.cache) for a in pinned["artifacts"]]
        connectors = [
            {k: a[k] for k in ("groupId", "artifactId", "version", *DIGESTS)}
            for a in pinned["artifacts"]
        ]
        merged = os.path.join(args.cache, MERGED_JAR)
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
