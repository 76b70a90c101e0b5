import functools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import SiteHandler, SiteServer, mkdocs_build, zensical_build

ROOT = Path(__file__).resolve().parent.parent
# The hook modules import each other the way MkDocs loads them: from their own folder.
sys.path.insert(0, str(ROOT / "hooks"))


def _server_of_a_new_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[SiteServer]:
    """An HTTP server on a free localhost port for a new folder; it starts serving in a browser fixture."""
    folder = tmp_path_factory.mktemp(name)
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=folder))
    yield server
    server.server_close()


@pytest.fixture(scope="session")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The server of the site MkDocs built (`built_site`); it starts serving in `site_url`."""
    yield from _server_of_a_new_folder(tmp_path_factory, "site")


@pytest.fixture(scope="session")
def built_site(site_server: SiteServer) -> Path:
    """The real site, built once per test run with --strict, as `make build` does.

    Its site_url is the test server's address: Material's instant navigation only works on the site_url.
    """
    site = Path(site_server.RequestHandlerClass.keywords["directory"])  # type: ignore[attr-defined]
    address = f"http://127.0.0.1:{site_server.server_address[1]}/"
    done = mkdocs_build(site, "--strict", SITE_URL=address)
    assert done.returncode == 0, done.stderr
    return site


@pytest.fixture(scope="session")
def zensical_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The server of the site Zensical built (`zensical_site`); it starts serving in `zensical_url`."""
    yield from _server_of_a_new_folder(tmp_path_factory, "site-zensical")


@pytest.fixture(scope="session")
def zensical_site(zensical_server: SiteServer) -> Path:
    """The real site, built once per test run by Zensical, as `make build-zensical` does, for its server's address."""
    site = Path(zensical_server.RequestHandlerClass.keywords["directory"])  # type: ignore[attr-defined]
    done = zensical_build(site, SITE_URL=f"http://127.0.0.1:{zensical_server.server_address[1]}/")
    assert done.returncode == 0, done.stderr
    return site
