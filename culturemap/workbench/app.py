"""The workbench as an ASGI app (Starlette): the page, its assets and the JSON API behind :class:`Guard`."""
from __future__ import annotations

from pathlib import Path

from .security import Guard

__all__ = ["build_app", "STATIC"]

STATIC = Path(__file__).parent / "static"


def build_app(project, *, token: str, port: int):
    """The Starlette app for one engagement, answering only requests that carry ``token`` and name
    ``127.0.0.1:port`` or ``localhost:port`` as Host (see :mod:`culturemap.workbench.security`)."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.responses import FileResponse, JSONResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from ..errors import CulturemapError, Errors
    from .api import routes
    from .security import error_body

    async def page(request):
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    async def icon(request):
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    async def http_error(request, exc: Exception):
        assert isinstance(exc, HTTPException)
        if exc.status_code in (404, 405):
            body = error_body(CulturemapError(Errors.E806, what=f"{request.method} {request.url.path}"))
        else:
            body = error_body(CulturemapError(Errors.E802, field="a valid request", detail=str(exc.detail)))
        return JSONResponse(body, status_code=exc.status_code)

    app = Starlette(
        routes=[Route("/", page), Route("/favicon.ico", icon), *routes(), Mount("/static", app=StaticFiles(directory=STATIC), name="static")],
        middleware=[Middleware(Guard, token=token, port=port)],
        exception_handlers={HTTPException: http_error},
    )
    app.state.project = project
    app.state.token = token
    app.state.port = port
    return app
