"""Issue 24 point 10: the same jobs on a Dask cluster (`build --executor dask://HOST:PORT`),
the staging folder shared, the manifest kept by the publishing process: a region built on a
`distributed.LocalCluster` gives the same files, byte for byte, as the local pool.

Dask is an optional extra (`skillwage-docs[dask]`): without it the test skips on a
developer's machine and fails in CI (CI=true), where `make test-tools` installs it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from skillwage_docs.base.errors import InputError
from skillwage_docs.pipeline.build import build
from skillwage_docs.pipeline.targets import file_targets

from .browser.tools import require
from .conftest import only

pytestmark = (
    pytest.mark.slow
)  # many documents, a real reader or a subprocess: make test, not make test-fast


def _files(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith((".manifest", ".lock", "REPORT"))
    }


def test_a_region_built_on_a_dask_cluster_is_the_local_build(
    contexts: Path, tmp_path: Path
) -> None:
    try:
        from distributed import LocalCluster
    except ImportError:
        LocalCluster = None
    require(LocalCluster is not None, "Dask", "pip install 'skillwage-docs[dask]'")
    assert LocalCluster is not None
    contexts = only(contexts.absolute(), "manufacturing", "mining", "coal", "hospitality")
    options = {"regions": ["yangquan"], "formats": ("html", "pdf"), "blank": True, "packet": True}
    per_agreement = len(file_targets(("html", "pdf"), blank=True, packet=True))
    local = build(contexts, out=tmp_path / "local", jobs=2, **options)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = "dask://" + cluster.scheduler_address.split("://", 1)[1]
        remote = build(contexts, out=tmp_path / "dask", executor=address, **options)
    assert (
        sorted(remote.rebuilt) == sorted(local.rebuilt) and len(remote.rebuilt) == 4 * per_agreement
    )
    assert _files(tmp_path / "dask" / "yangquan") == _files(tmp_path / "local" / "yangquan")
    # the publishing process wrote the manifest; no staging folder is left on the shared disk
    manifest = json.loads((tmp_path / "dask" / ".manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["agreements"]) == sorted(f"yangquan/{s}" for s in (
        "coal", "hospitality", "manufacturing", "mining"))  # fmt: skip
    assert not list((tmp_path / "dask").glob(".staging-*"))


def test_an_executor_that_is_not_a_dask_address_is_refused(contexts: Path, tmp_path: Path) -> None:
    only(contexts, "mining")
    with pytest.raises(InputError, match="dask://"):
        build(contexts, out=tmp_path / "b", regions=["yangquan"], formats=("html",),
              executor="ray://somewhere")  # fmt: skip
