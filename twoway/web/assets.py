"""The site's third-party browser assets, fetched from the npm registry at install time.

Nothing is loaded from a CDN: each asset is one file out of a pinned package
tarball, checked against the registry's published sha512 before it is written
under `twoway/web/site/static/vendor/`. `make install` runs this module
(`python -m twoway.web.assets`); running it again does nothing when the files
are there and intact.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
VENDOR = Path(__file__).parent / "site" / "static" / "vendor"
#: Where the test suite's own browser scripts go (never served by the site).
TEST_VENDOR = Path(__file__).parents[2] / "tests" / "browser" / "vendor"


@dataclass(frozen=True, slots=True)
class Asset:
    """One file out of one pinned npm package."""

    package: str
    version: str
    integrity: str  # the registry's dist.integrity for the tarball
    member: str  # the path inside the tarball
    target: str  # the path under static/vendor/

    @property
    def tarball(self) -> str:
        """The tarball's address on the registry."""
        return f"{REGISTRY}/{self.package}/-/{self.package}-{self.version}.tgz"


ASSETS = (
    Asset(
        package="htmx.org",
        version="2.0.11",
        integrity="sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==",
        member="package/dist/htmx.min.js",
        target="htmx.min.js",
    ),
)


#: Used by the browser tests only: axe-core checks each page for accessibility problems.
TEST_ASSETS = (
    Asset(
        package="axe-core",
        version="4.14.1",
        integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        member="package/axe.min.js",
        target="axe.min.js",
    ),
)


class AssetError(Exception):
    """An asset could not be fetched or did not match its pinned checksum."""


def missing(folder: Path = VENDOR, assets: tuple[Asset, ...] = ASSETS) -> list[str]:
    """The vendored files not yet in `folder`."""
    return [a.target for a in assets if not (folder / a.target).is_file()]


def check_integrity(data: bytes, integrity: str) -> None:
    """Refuse `data` unless its sha512 is the pinned one (npm's `sha512-<base64>` form)."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise AssetError(f"unsupported integrity {integrity!r}; expected sha512-…")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != expected:
        raise AssetError(f"checksum mismatch: expected {integrity}, got sha512-{actual}")


def extract(asset: Asset, tarball: bytes) -> bytes:
    """The asset's file out of its package tarball, after checking the tarball."""
    check_integrity(tarball, asset.integrity)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        try:
            member = tar.extractfile(asset.member)
        except KeyError:
            member = None
        if member is None:
            raise AssetError(f"{asset.package}@{asset.version} has no {asset.member}")
        return member.read()


def fetch(
    folder: Path = VENDOR, assets: tuple[Asset, ...] = ASSETS, *, timeout: float = 60
) -> list[str]:
    """Fetch every missing asset into `folder`; returns the files written."""
    written = []
    for asset in assets:
        path = folder / asset.target
        if path.is_file():
            continue
        try:
            with urllib.request.urlopen(asset.tarball, timeout=timeout) as response:
                tarball = response.read()
        except OSError as exc:
            raise AssetError(f"cannot download {asset.tarball}: {exc}") from None
        data = extract(asset, tarball)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(path.suffix + ".part")
        partial.write_bytes(data)
        partial.replace(path)  # never a half-written asset
        written.append(asset.target)
    return written


def main(argv: list[str]) -> int:
    """`python -m twoway.web.assets [--tests]`: fetch what is missing, say what was done."""
    folder, assets = (TEST_VENDOR, TEST_ASSETS) if "--tests" in argv else (VENDOR, ASSETS)
    try:
        written = fetch(folder, assets)
    except AssetError as exc:
        print(f"twoway: {exc}", file=sys.stderr)
        return 1
    for name in written:
        print(f"fetched {name} into {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
