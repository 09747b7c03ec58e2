"""Nobody else gets in: one test per rule of the workbench's security (token, Host, Origin, CSP, JSON errors)."""
from __future__ import annotations

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from culturemap.project import open_project  # noqa: E402
from culturemap.store import load_codings, read_log  # noqa: E402
from culturemap.workbench import core  # noqa: E402
from culturemap.workbench.app import build_app  # noqa: E402
from tests.test_workbench_api import PORT, TOKEN, make_engagement  # noqa: E402

BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def eng(tmp_path):
    return make_engagement(tmp_path)


@pytest.fixture
def app(eng):
    return build_app(open_project(eng), token=TOKEN, port=PORT)


def bare(app, base=BASE) -> TestClient:
    """A client without the token (a browser tab that has not opened the printed address)."""
    return TestClient(app, base_url=base)


def accept_body(eng) -> dict:
    tag = load_codings(eng, "kc-03").tags[0]
    return {"interview": "kc-03", "key": list(tag.key), "status": "accepted"}


def test_every_request_without_the_token_is_refused_with_a_coded_json_message(app):
    c = bare(app)
    for path in ("/", "/api/interviews", "/api/interviews/kc-03", "/static/app.js"):
        r = c.get(path)
        assert r.status_code == 401, path
        assert r.headers["content-type"].startswith("application/json")
        assert r.json()["error"]["code"] == "E803"
        assert "Anna" not in r.text
    assert bare(app).get("/api/interviews", headers={"X-Culturemap-Token": "guess"}).status_code == 403


def test_token_from_the_url_becomes_an_httponly_samesite_strict_cookie_and_leaves_the_address(app):
    c = bare(app)
    r = c.get(f"/?token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"      # the token is gone from the address bar
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"culturemap_token={TOKEN};")
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and "Path=/" in cookie
    page = c.get("/")                                                  # from now on the cookie is enough
    assert page.status_code == 200 and "<title>" in page.text
    assert c.get("/api/interviews").status_code == 200


def test_a_wrong_token_in_the_url_sets_no_cookie(app):
    r = bare(app).get("/?token=wrong", follow_redirects=False)
    assert r.status_code == 403 and r.json()["error"]["code"] == "E803"
    assert "set-cookie" not in r.headers


def test_the_api_takes_the_token_header_instead_of_the_cookie(app, eng):
    c = bare(app)
    assert c.get("/api/interviews", headers={"X-Culturemap-Token": TOKEN}).status_code == 200
    r = c.post("/api/decisions", json=accept_body(eng), headers={"X-Culturemap-Token": TOKEN})
    assert r.status_code == 200
    assert load_codings(eng, "kc-03").tags[0].status == "accepted"


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "localhost", "192.168.1.5:8765"])
def test_another_host_header_is_refused_even_with_the_token(app, host):
    r = bare(app).get("/api/interviews", headers={"X-Culturemap-Token": TOKEN, "Host": host})
    assert r.status_code == 403 and r.json()["error"]["code"] == "E804"
    assert "Anna" not in r.text and "kc-03" not in r.text


def test_localhost_with_the_port_is_allowed(app):
    c = bare(app, base=f"http://localhost:{PORT}")
    assert c.get("/api/interviews", headers={"X-Culturemap-Token": TOKEN}).status_code == 200


def test_a_change_without_token_header_or_same_origin_is_refused_csrf(app, eng):
    c = bare(app)
    c.get(f"/?token={TOKEN}")                                    # the browser holds the cookie
    body = accept_body(eng)
    r = c.post("/api/decisions", json=body)                       # cookie only, no Origin
    assert r.status_code == 403 and r.json()["error"]["code"] == "E805"
    r = c.post("/api/decisions", json=body, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "E805"
    r = c.post("/api/decisions", json=body, headers={"Origin": "null"})
    assert r.status_code == 403
    assert load_codings(eng, "kc-03").tags[0].status == "suggested" and read_log(eng) == []
    r = c.post("/api/decisions", json=body, headers={"Origin": BASE})   # the page itself
    assert r.status_code == 200
    assert load_codings(eng, "kc-03").tags[0].status == "accepted"


def test_a_foreign_origin_is_refused_even_with_the_token_header(app, eng):
    r = bare(app).post("/api/undo", headers={"X-Culturemap-Token": TOKEN, "Origin": "http://evil.example"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "E805"


def test_every_response_carries_the_content_security_policy(app):
    c = bare(app)
    c.get(f"/?token={TOKEN}")
    for r in (c.get("/"), c.get("/static/app.js"), c.get("/api/interviews"), c.get("/api/nope"),
              bare(app).get("/api/interviews")):
        assert r.headers["content-security-policy"].startswith("default-src 'self'")
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_the_page_loads_nothing_from_elsewhere_and_has_no_inline_script(app):
    c = bare(app)
    c.get(f"/?token={TOKEN}")
    html = c.get("/").text
    assert "http://" not in html and "https://" not in html and "//" not in html.replace("<!--", "")
    assert "<script>" not in html and "style=" not in html and " on" + "click=" not in html
    for asset in ("app.js", "app.css"):
        text = c.get(f"/static/{asset}").text
        assert "http://" not in text and "https://" not in text, asset


def test_errors_are_json_with_the_coded_message_never_a_traceback(app, monkeypatch):
    c = TestClient(app, base_url=BASE, headers={"X-Culturemap-Token": TOKEN})
    r = c.get("/api/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "E806"
    r = c.post("/api/interviews")                                  # wrong method
    assert r.status_code == 405 and r.json()["error"]["code"] == "E806"

    def broken(project):
        raise RuntimeError("secret internals /home/consultant/engagement")

    monkeypatch.setattr(core, "list_interviews", broken)
    r = c.get("/api/interviews")
    assert r.status_code == 500 and r.json()["error"]["code"] == "E809"
    assert "Traceback" not in r.text and "secret internals" not in r.text
    assert r.headers["content-security-policy"].startswith("default-src 'self'")
