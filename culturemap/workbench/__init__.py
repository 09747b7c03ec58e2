"""The coding workbench: review and code the transcripts in the browser, on the consultant's own laptop.

``culturemap review DIR --browser [--port N] [--no-open]`` calls :func:`serve`: a local web app (Starlette
on uvicorn, 127.0.0.1 only, a fresh token per start) over the same codings store and decision log as the
terminal review. Layout:

- :mod:`.core`: what the API reads and changes, through the review core (the one place that uses its
  internals);
- :mod:`.api`: the JSON API (table in its docstring and in the README);
- :mod:`.security`: token, Host and Origin checks, CSP and the other headers;
- :mod:`.app`: the ASGI app; ``static/``: the page (plain HTML, CSS and JS, nothing from the network).

Web libraries are imported inside functions, so ``culturemap --help`` does not load them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

__all__ = ["serve", "workbench_url", "bind"]


def workbench_url(port: int, token: str) -> str:
    """The address to open (the first line ``serve`` prints).

    >>> workbench_url(8765, "abc")
    'http://127.0.0.1:8765/?token=abc'
    """
    return f"http://127.0.0.1:{port}/?token={token}"


def bind(port: int):
    """A listening socket on 127.0.0.1:``port`` (0: a free port); E807 when the port cannot be used."""
    import socket

    from ..errors import Errors, StoreError

    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise StoreError(Errors.E807, port=port, detail="a port is a whole number from 0 to 65535")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen(64)
    except OSError as exc:
        sock.close()
        raise StoreError(Errors.E807, port=port, detail=exc.strerror or str(exc)) from None
    return sock


def serve(directory, port: int = 0, open_browser: bool = True, *,
          echo: Callable[[str], None] | None = None) -> None:
    """Run the workbench for the engagement in ``directory`` until Ctrl-C.

    The first line written to ``echo`` (default :func:`click.echo`) is
    ``Workbench: http://127.0.0.1:PORT/?token=TOKEN``; the default browser opens that address unless
    ``open_browser`` is false. Listens on 127.0.0.1 only.

    Raises
    ------
    CulturemapError
        E001 when ``directory`` is no engagement, E807 when the port cannot be used.
    """
    import click
    import uvicorn

    from ..project import open_project
    from .app import build_app
    from .security import new_token

    echo = echo or click.echo
    project = open_project(Path(directory))
    sock = bind(port)
    port = sock.getsockname()[1]
    token = new_token()
    url = workbench_url(port, token)
    app = build_app(project, token=token, port=port)
    try:                        # Ctrl-C at any moment from the first line on stops it cleanly
        echo(f"Workbench: {url}")
        echo("Press Ctrl-C to stop it. Every key is saved at once, as in the terminal review.")
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        server = uvicorn.Server(config)
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    echo("Workbench stopped.")
