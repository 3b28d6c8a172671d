"""The admin page: its own login, the statistics it shows, everything escaped."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone

import pytest
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.testclient import TestClient

from assistant.feedback.stats import admin_stats
from assistant.feedback.store import Exchange, FeedbackStore
from assistant.feedback.topics import Topics
from assistant.ui.admin import admin_html, admin_routes


def _exchange(n: int, **fields) -> Exchange:
    values = dict(id=f"{n:032d}", created_at=datetime(2026, 11, 28, 9, tzinfo=timezone.utc) + timedelta(days=n % 3),
                  question=f"问题{n}", standalone_question=None, answer="回答", refused=False, engine="extractive",
                  language="zh", citations=[], retrieve_ms=10.0, first_token_ms=20.0, total_ms=100.0 * (n + 1),
                  topics=Topics())
    return Exchange(**{**values, **fields})


def test_statistics_count_days_topics_refusals_ratings_and_latency():
    items = [
        _exchange(0, topics=Topics(domains=["民生与服务"], stages=["阶段二"], cities=["宿州"])),
        _exchange(1, topics=Topics(domains=["民生与服务"], cities=["平湖"]), rating="up"),
        _exchange(2, refused=True, topics=Topics(words=["红烧肉", "做法"]), rating="down", comment="应该能答"),
        _exchange(3, refused=True, topics=Topics(words=["红烧肉"])),
        _exchange(4, engine="local", total_ms=7000.0),
    ]
    stats = admin_stats(items)
    assert stats.questions == 5 and sum(stats.per_day.values()) == 5 and len(stats.per_day) == 3
    assert stats.per_domain == {"民生与服务": 2} and stats.per_stage == {"阶段二": 1}
    assert stats.per_city == {"宿州": 1, "平湖": 1}
    assert stats.refusal_rate == pytest.approx(0.4) and stats.refusal_topics[0] == ("红烧肉", 2)
    assert (stats.rated_up, stats.rated_down, stats.down_rate) == (1, 1, pytest.approx(0.2))
    assert [c.comment for c in stats.comments] == ["应该能答"]
    latency = {item.engine: item for item in stats.latency}
    assert latency["local"].p50_ms == 7000.0 and latency["extractive"].answers == 4
    assert latency["extractive"].p50_ms == 250.0 and latency["extractive"].p95_ms == pytest.approx(385.0)


@pytest.mark.parametrize("language, title", [("zh", "管理页"), ("en", "Admin")])
def test_the_page_has_charts_and_escapes_what_officials_wrote(language, title):
    items = [_exchange(0, topics=Topics(domains=["民生与服务"])),
             _exchange(1, rating="down", comment="<script>alert('x')</script>", question="<b>问</b>")]
    page = admin_html(admin_stats(items), language)
    assert title in page and page.count('src="data:image/png;base64,') >= 3
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "&lt;b&gt;问" in page
    assert "assistant feedback export" in page
    empty = admin_html(admin_stats([]), language)
    assert "<img" not in empty


def _client(settings, tmp_path, password: str) -> TestClient:
    served = settings.model_copy(update={"admin": settings.admin.model_copy(update={"password": SecretStr(password)})})
    url = f"sqlite:///{tmp_path / 'admin.db'}"
    return TestClient(Starlette(routes=admin_routes(served, lambda: FeedbackStore(url))))


@pytest.mark.parametrize("header", [
    None, "Basic " + base64.b64encode(b"admin:wrong").decode(), "Basic " + base64.b64encode(b"root:s3cret-admin").decode(),
    "Bearer s3cret-admin", "Basic !!!not-base64",
])
def test_a_request_without_the_admin_login_is_refused(settings, tmp_path, header):
    client = _client(settings, tmp_path, "s3cret-admin")
    response = client.get("/admin", headers={"Authorization": header} if header else {})
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Basic")
    assert "管理页" not in response.text


def test_the_admin_login_opens_the_page_and_no_password_means_no_page(settings, tmp_path):
    client = _client(settings, tmp_path, "s3cret-admin")
    assert "管理页" in client.get("/admin", auth=("admin", "s3cret-admin")).text
    assert "Admin" in client.get("/admin?lang=en", auth=("admin", "s3cret-admin")).text
    assert _client(settings, tmp_path, "").get("/admin", auth=("admin", "")).status_code == 404
