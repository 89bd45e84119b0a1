"""Vendored browser assets: taken out of the registry's tarball only when its checksum matches."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile

import pytest

from twoway.web.assets import ASSETS, VENDOR, Asset, AssetError, check_integrity, extract, missing


def _tarball(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _asset(integrity: str) -> Asset:
    return Asset("lib", "1.0.0", integrity, "package/dist/lib.js", "lib.js")


def test_the_file_is_taken_from_a_tarball_whose_checksum_matches() -> None:
    tarball = _tarball({"package/dist/lib.js": b"window.lib = 1;"})
    assert extract(_asset(_integrity(tarball)), tarball) == b"window.lib = 1;"


def test_a_tarball_with_another_checksum_is_refused() -> None:
    tarball = _tarball({"package/dist/lib.js": b"window.lib = 1;"})
    tampered = _tarball({"package/dist/lib.js": b"window.lib = 2;"})
    with pytest.raises(AssetError, match="checksum mismatch"):
        extract(_asset(_integrity(tarball)), tampered)


def test_a_missing_member_is_named() -> None:
    tarball = _tarball({"package/other.js": b""})
    with pytest.raises(AssetError, match=r"has no package/dist/lib\.js"):
        extract(_asset(_integrity(tarball)), tarball)


def test_only_sha512_is_accepted() -> None:
    with pytest.raises(AssetError, match="unsupported integrity"):
        check_integrity(b"", "sha1-abc")


def test_the_installed_site_has_every_asset_and_they_are_served_from_this_host() -> None:
    assert missing() == [], "run `python -m twoway.web.assets`"
    assert {a.target for a in ASSETS} <= {p.name for p in VENDOR.iterdir()}
    assert all(a.tarball.startswith("https://registry.npmjs.org/") for a in ASSETS)
