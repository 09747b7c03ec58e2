"""Nobody else gets in: the token, the Host and Origin checks, and the headers on every response.

The workbench shows real names (it is the consultant's working view), so every request must prove it
comes from the consultant's own browser tab:

- the server listens on 127.0.0.1 only (see :func:`culturemap.workbench.serve`);
- a random token per start (:func:`new_token`) is required on every request: once in the URL
  (``/?token=...``, answered by a redirect that sets an HttpOnly, SameSite=Strict cookie and drops the
  token from the address bar), then from that cookie; API clients may send the header
  ``X-Culturemap-Token`` instead;
- a Host other than ``127.0.0.1:PORT`` / ``localhost:PORT`` is refused (DNS rebinding);
- a state-changing request (POST...) needs the token header, or a same-origin ``Origin`` (CSRF);
- every response carries ``Content-Security-Policy: default-src 'self'`` (nothing loaded from elsewhere,
  no inline script) and refusals are JSON with the coded message, never a page.
"""
from __future__ import annotations

import logging
import secrets
from urllib.parse import urlencode

__all__ = ["TOKEN_COOKIE", "TOKEN_HEADER", "CSP", "new_token", "host_allowed", "same_origin", "Guard",
           "error_body"]

TOKEN_COOKIE = "culturemap_token"
TOKEN_HEADER = "X-Culturemap-Token"
CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

log = logging.getLogger("culturemap.workbench")


def new_token() -> str:
    """A fresh random token (one per start of the workbench)."""
    return secrets.token_urlsafe(24)


def host_allowed(host: str | None, port: int) -> bool:
    """Whether a Host header names this server: ``127.0.0.1:PORT`` or ``localhost:PORT`` only.

    >>> host_allowed("127.0.0.1:8765", 8765), host_allowed("localhost:8765", 8765)
    (True, True)
    >>> host_allowed("evil.example:8765", 8765), host_allowed("127.0.0.1", 8765), host_allowed(None, 8765)
    (False, False, False)
    """
    return (host or "").lower() in (f"127.0.0.1:{port}", f"localhost:{port}")


def same_origin(origin: str | None, host: str) -> bool:
    """Whether an Origin header is this server's own (``http://`` + the allowed Host).

    >>> same_origin("http://127.0.0.1:8765", "127.0.0.1:8765"), same_origin("null", "127.0.0.1:8765")
    (True, False)
    """
    return origin is not None and origin.lower() == f"http://{host.lower()}"


def _equal(given: str | None, token: str) -> bool:
    return given is not None and given != "" and secrets.compare_digest(given.encode(), token.encode())


def error_body(exc) -> dict:
    """``{"error": {"code": "E307", "message": "..."}}`` for a :class:`~culturemap.errors.CulturemapError`."""
    return {"error": {"code": getattr(exc, "code", "") or "", "message": str(exc)}}


class Guard:
    """ASGI middleware enforcing the rules of the module docstring on every HTTP request."""

    def __init__(self, app, *, token: str, port: int):
        self.app = app
        self.token = token
        self.port = port

    def _refuse(self, status: int, template: str, **fields):
        from starlette.responses import JSONResponse

        from ..errors import CulturemapError

        return JSONResponse(error_body(CulturemapError(template, **fields)), status_code=status)

    def check(self, request):
        """The response refusing ``request`` (or redirecting it to drop the URL token); ``None`` to let it in."""
        from starlette.responses import RedirectResponse

        from ..errors import Errors

        host = request.headers.get("host")
        if not host_allowed(host, self.port):
            return self._refuse(403, Errors.E804, host=host or "", port=self.port)
        header = request.headers.get(TOKEN_HEADER)
        cookie = request.cookies.get(TOKEN_COOKIE)
        query = request.query_params.get("token")
        if query is not None and request.method in SAFE_METHODS and not request.url.path.startswith("/api/"):
            if not _equal(query, self.token):
                return self._refuse(403, Errors.E803)
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict", path="/")
            return response
        has_header = _equal(header, self.token)
        if not (has_header or _equal(cookie, self.token)):
            return self._refuse(401 if not (header or cookie) else 403, Errors.E803)
        if request.method not in SAFE_METHODS:
            origin = request.headers.get("origin")
            if origin is not None and not same_origin(origin, host or ""):
                return self._refuse(403, Errors.E805, origin=origin)
            if not has_header and origin is None:
                return self._refuse(403, Errors.E805, origin=None)
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from starlette.datastructures import MutableHeaders
        from starlette.requests import Request

        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for k, v in HEADERS.items():
                    if k not in headers:
                        headers[k] = v
            await send(message)

        refusal = self.check(Request(scope))
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:            # never a traceback page: the coded message, the trace in the log
            log.exception("workbench request failed: %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            from starlette.responses import JSONResponse

            from ..errors import CulturemapError, Errors

            what = f"{scope.get('method')} {scope.get('path')}"
            body = error_body(CulturemapError(Errors.E809, what=what, detail=type(exc).__name__))
            await JSONResponse(body, status_code=500)(scope, receive, send_with_headers)
