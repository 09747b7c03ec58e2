"""The JSON API of the workbench: thin handlers, each calling one function of :mod:`.core`.

=======  ==============================================  ===============================================
method   path                                            body / answer
=======  ==============================================  ===============================================
GET      /api/meta                                       ``{language, title}`` (interface language)
GET      /api/interviews                                 ``[{id, group, role, language, tagged, progress}]``
GET      /api/interviews/{id}                            ``{id, group, language, text, segments, tags, links}``
GET      /api/codebook                                   ``[{id, label, kind, effect, labels, accepted...}]``
POST     /api/codes                                      ``{id, label, kind, effect[, pattern]}`` new code
POST     /api/decisions                                  ``{interview, key, status[, code][, negated]}``
POST     /api/tags                                       ``{interview, start, end, code, negated}``
POST     /api/links                                      ``{interview, start, end, cause, effect, sign}``
POST     /api/undo                                       ``{}`` -> ``{message}``
GET      /api/similar?interview=ID&key=KEY               ``[{interview, start, end, text, reason...}]``
GET      /api/loops                                      ``[{id, polarity, reading, nodes, links}]``
=======  ==============================================  ===============================================

``KEY`` in ``/api/similar`` is the item's key as JSON (``["tag", "kc-03", "no-time", 120, 188]``).
Errors answer ``{"error": {"code": "E312", "message": "..."}}`` with 400 (bad request), 404 (unknown
interview or item), 409 (the engagement is busy or the item changed) or 500.
"""
from __future__ import annotations

import json

from ..errors import CulturemapError, Errors, StoreError
from . import core
from .security import error_body

__all__ = ["routes", "status_of"]

_NOT_FOUND = {"E307", "E312", "E806"}
_CONFLICT = {"E304", "E306", "E315", "E808"}


def status_of(exc: CulturemapError) -> int:
    """The HTTP status for a coded error."""
    if exc.code in _NOT_FOUND:
        return 404
    if exc.code in _CONFLICT:
        return 409
    return 400


def _json(data, status: int = 200):
    from starlette.responses import JSONResponse

    return JSONResponse(data, status_code=status)


async def _call(fn, *args, **kwargs):
    """Run a core function off the event loop; coded errors become JSON."""
    from starlette.concurrency import run_in_threadpool

    try:
        return _json(await run_in_threadpool(fn, *args, **kwargs))
    except CulturemapError as exc:
        return _json(error_body(exc), status_of(exc))


async def _body(request) -> dict:
    try:
        data = json.loads(await request.body() or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(Errors.E802, field="a JSON object", detail=str(exc)) from None
    if not isinstance(data, dict):
        raise StoreError(Errors.E802, field="a JSON object", detail="got " + type(data).__name__)
    return data


def _need(data: dict, name: str, kind, what: str):
    value = data.get(name)
    if value is None or not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise StoreError(Errors.E802, field=f"'{name}'", detail=what)
    return value


def _post(handler):
    """A POST handler reading a JSON body; coded errors in the body become JSON answers."""
    async def endpoint(request):
        try:
            data = await _body(request)
            fn, args, kwargs = handler(data)
        except CulturemapError as exc:
            return _json(error_body(exc), status_of(exc))
        return await _call(fn, request.app.state.project, *args, **kwargs)
    return endpoint


def _decision(data):
    kwargs = {}
    if data.get("code") is not None:
        kwargs["code"] = _need(data, "code", str, "a code id")
    if data.get("negated") is not None:
        kwargs["negated"] = _need(data, "negated", bool, "true or false")
    return core.decide_item, (_need(data, "interview", str, "the interview id"), data.get("key"),
                              _need(data, "status", str, "accepted, rejected or suggested")), kwargs


def _tag(data):
    kwargs = {"negated": bool(data.get("negated", False))}
    for name in ("origin", "status"):
        if data.get(name) is not None:
            kwargs[name] = _need(data, name, str, "text")
    return core.add_tag, (_need(data, "interview", str, "the interview id"),
                          _need(data, "start", int, "an offset into the text"),
                          _need(data, "end", int, "an offset into the text"),
                          _need(data, "code", str, "a code id")), kwargs


def _link(data):
    return core.add_link, (_need(data, "interview", str, "the interview id"),
                           _need(data, "start", int, "an offset into the text"),
                           _need(data, "end", int, "an offset into the text"),
                           _need(data, "cause", str, "the code that influences"),
                           _need(data, "effect", str, "the code influenced"),
                           _need(data, "sign", str, "'+' or '-'")), {}


def _undo(data):
    return (lambda project: {"message": core.undo_last(project)}), (), {}


def _code(data):
    return core.create_code, (_need(data, "id", str, "a slug such as 'customer-first'"),
                              _need(data, "label", str, "the code's name"),
                              _need(data, "kind", str, "value, belief, behaviour or outcome"),
                              _need(data, "effect", str, "enabling, hindering or ambivalent")), \
        {"pattern": str(data.get("pattern") or "")}


async def meta(request):
    project = request.app.state.project
    s = core.settings_of(project)
    return _json({"language": s.language, "title": s.title})


async def interviews(request):
    return await _call(core.list_interviews, request.app.state.project)


async def interview(request):
    return await _call(core.interview_detail, request.app.state.project, request.path_params["id"])


async def codebook(request):
    return await _call(core.codebook_rows, request.app.state.project)


async def similar(request):
    q = request.query_params
    try:
        iid = q.get("interview") or ""
        if not iid:
            raise StoreError(Errors.E802, field="'interview'", detail="the interview id in ?interview=ID")
        try:
            key = json.loads(q.get("key") or "")
        except ValueError:
            raise StoreError(Errors.E802, field="'key'", detail="the item's key as JSON in ?key=[...]") from None
    except CulturemapError as exc:
        return _json(error_body(exc), status_of(exc))
    return await _call(core.similar, request.app.state.project, iid, key)


async def loops(request):
    return await _call(core.current_loops, request.app.state.project)


def routes() -> list:
    from starlette.routing import Route

    return [
        Route("/api/meta", meta),
        Route("/api/interviews", interviews),
        Route("/api/interviews/{id}", interview),
        Route("/api/codebook", codebook),
        Route("/api/codes", _post(_code), methods=["POST"]),
        Route("/api/decisions", _post(_decision), methods=["POST"]),
        Route("/api/tags", _post(_tag), methods=["POST"]),
        Route("/api/links", _post(_link), methods=["POST"]),
        Route("/api/undo", _post(_undo), methods=["POST"]),
        Route("/api/similar", similar),
        Route("/api/loops", loops),
    ]
