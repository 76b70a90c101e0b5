import functools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import SiteHandler, SiteServer, mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
# The hook modules import each other the way MkDocs loads them: from their own folder.
sys.path.insert(0, str(ROOT / "hooks"))


@pytest.fixture(scope="session")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """An HTTP server on a free localhost port for the built site; it starts serving in `site_url`."""
    folder = tmp_path_factory.mktemp("site")
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=folder))
    yield server
    server.server_close()


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
