"""The official OCDS 1.1.5 release-package and release schemas, to validate Brobyg's packages.

The Open Contracting Partnership publishes the schemas at standard.open-contracting.org, which
the test machines cannot reach (only the package registries). Two of its own packages on PyPI
carry the published files unchanged among their test fixtures: `ocdskit` the release-package
schema, `ocdsextensionregistry` the release schema. pip fetches their source distributions
(hash-pinned in ocds_schema_sources.txt), the two files are taken out, their `id` checked
against the published address, and kept under `.cache/ocds-schema/` for later runs. Nothing of
the schema is committed to this repository.
"""

import json
import subprocess
import sys
import tarfile
import tempfile
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_BASE = "https://standard.open-contracting.org/schema/1__1__5/"
ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "ocds-schema" / "1__1__5"
SOURCES = Path(__file__).with_name("ocds_schema_sources.txt")
# schema file -> its path inside the source distribution
MEMBERS = {
    "release-package-schema.json": "ocdskit-1.7.0/tests/fixtures/release-package-schema.json",
    "release-schema.json": "ocdsextensionregistry-0.7.0/tests/fixtures/release-schema.json",
}


def _fetch() -> None:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(  # noqa: S603 - fixed arguments: pip and the hash-pinned requirements file
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
             "--no-deps", "--no-binary", ":all:", "--require-hashes", "-r", str(SOURCES), "-d", folder],
            check=True,
        )
        CACHE.mkdir(parents=True, exist_ok=True)
        for name, member in MEMBERS.items():
            archive = Path(folder) / (member.split("/", 1)[0] + ".tar.gz")
            with tarfile.open(archive) as tar:
                content = tar.extractfile(member).read()
            if json.loads(content).get("id") != SCHEMA_BASE + name:
                raise RuntimeError(f"{member} is not the published OCDS 1.1.5 {name}")
            partial = CACHE / f"{name}.{Path(folder).name}"  # renamed into place: a parallel run reads whole files
            partial.write_bytes(content)
            partial.replace(CACHE / name)


def _load(name: str) -> dict:
    return json.loads((CACHE / name).read_text(encoding="utf-8"))


@cache
def release_package_validator() -> Draft4Validator:
    """A draft-4 validator of the published release-package schema, with format checks, whose
    `$ref` to the release schema resolves to the published release schema."""
    if not all((CACHE / name).exists() for name in MEMBERS):
        _fetch()
    release = _load("release-schema.json")
    registry = Registry().with_resource(release["id"], Resource(contents=release, specification=DRAFT4))
    return Draft4Validator(
        _load("release-package-schema.json"), registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
    )


if __name__ == "__main__":  # `python tests/market/ocds_official.py` fetches the schemas ahead of a run
    release_package_validator()
    print(f"OCDS schemas ready in {CACHE}")
