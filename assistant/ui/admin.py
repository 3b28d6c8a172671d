"""The admin page (/admin): what officials asked, what was refused, how answers were rated, how fast they came.

Served by the app's own web server beside the Gradio interface, behind its own login (HTTP Basic, the
SMC_ADMIN__* settings), separate from the app's: a request without the right login gets 401, and with no
admin password configured the page does not exist (404). `?lang=en` shows it in English.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.routing import Route

from assistant.feedback.charts import bar_chart
from assistant.feedback.stats import AdminStats, admin_stats
from assistant.feedback.store import FeedbackStore
from assistant.settings import Settings
from assistant.ui.render import escape
from assistant.ui.texts import LANGUAGES, text

ADMIN_PATH = "/admin"
STYLE = """body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", system-ui, sans-serif; margin: 2rem auto;
  max-width: 70rem; padding: 0 1rem; color: #1e293b; line-height: 1.6; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
.charts img { width: 100%; border: 1px solid #e2e8f0; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 8px 0 24px; }
td, th { border: 1px solid #cbd5e1; padding: 4px 8px; text-align: left; vertical-align: top; }
.hint { color: #64748b; font-size: 0.9em; }"""


def _authorised(request: Request, username: str, password: str) -> bool:
    header = request.headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return False
    try:
        given_user, _, given_password = base64.b64decode(encoded).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return False
    # Both comparisons always run, in constant time, so the response time says nothing about which one failed.
    user_ok = secrets.compare_digest(given_user.encode(), username.encode())
    password_ok = secrets.compare_digest(given_password.encode(), password.encode())
    return user_ok and password_ok


def _chart(title: str, counts: dict, language: str, **options) -> str:
    if not counts:
        return ""
    png = bar_chart(title, [str(key) for key in counts], list(counts.values()), **options)
    return f'<img alt="{escape(title)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def admin_html(stats: AdminStats, language: str) -> str:
    """The admin page: a summary line, the charts, latency per engine and the 👎 comments (all text escaped)."""
    say = lambda key, **values: escape(text(language, key, **values))  # noqa: E731
    parts = [f'<!DOCTYPE html><html lang="{"zh-CN" if language == "zh" else "en"}"><head><meta charset="utf-8">'
             f"<title>{say('admin_title')}</title><style>{STYLE}</style></head><body><h1>{say('admin_title')}</h1>",
             f'<p class="summary">{say("admin_summary", questions=stats.questions, refusal=stats.refusal_rate, refused=stats.refused, up=stats.rated_up, down=stats.rated_down, down_rate=stats.down_rate)}</p>']
    if not stats.questions:
        parts.append(f"<p>{say('admin_none')}</p>")
    charts = [
        _chart(text(language, "admin_per_day"), {day.isoformat(): n for day, n in stats.per_day.items()}, language),
        _chart(text(language, "admin_per_domain"), stats.per_domain, language, horizontal=True),
        _chart(text(language, "admin_per_stage"), stats.per_stage, language),
        _chart(text(language, "admin_per_city"), stats.per_city, language, horizontal=True),
        _chart(text(language, "admin_refusal_topics"), dict(stats.refusal_topics), language, horizontal=True, colour="#d97706"),
        _chart(text(language, "admin_latency") + " p95", {item.engine: item.p95_ms for item in stats.latency}, language,
               colour="#475569"),
    ]
    parts.append('<div class="charts">' + "".join(charts) + "</div>")
    if stats.latency:
        rows = "".join(
            f"<tr><td>{escape(item.engine)}</td><td>{item.answers}</td><td>{item.p50_ms:g}</td><td>{item.p95_ms:g}</td>"
            f"<td>{'' if item.first_token_p50_ms is None else f'{item.first_token_p50_ms:g}'}</td></tr>"
            for item in stats.latency
        )
        parts.append(f"<h2>{say('admin_latency')}</h2><table class=\"latency\"><thead><tr><th>{say('admin_engine')}</th>"
                     f"<th>{say('admin_answers')}</th><th>p50</th><th>p95</th><th>{say('admin_first_token')}</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
    parts.append(f"<h2>{say('admin_comments')}</h2>")
    if stats.comments:
        rows = "".join(f"<tr><td>{escape(c.asked_at)}</td><td>{escape(c.question)}</td><td>{escape(c.answer)}</td>"
                       f"<td>{escape(c.comment)}</td></tr>" for c in stats.comments)
        parts.append(f"<table class=\"comments\"><thead><tr><th>{say('admin_asked_at')}</th><th>{say('admin_question')}</th>"
                     f"<th>{say('admin_answer')}</th><th>{say('admin_comment')}</th></tr></thead><tbody>{rows}</tbody></table>")
    else:
        parts.append(f"<p>{say('admin_none')}</p>")
    parts.append(f'<p class="hint">{say("admin_review_hint")}</p></body></html>')
    return "".join(parts)


def admin_routes(settings: Settings, store_factory: Callable[[], FeedbackStore]) -> list[Route]:
    """The /admin route for the app's web server; the store is opened at the first authorised request."""
    username = settings.admin.username
    password = settings.admin.password.get_secret_value()
    opened: list[FeedbackStore] = []

    def page(request: Request) -> Response:
        if not password:
            return Response("Not Found", status_code=404)
        if not _authorised(request, username, password):
            return Response("Unauthorized", status_code=401, headers={"WWW-Authenticate": 'Basic realm="smc-admin", charset="UTF-8"'})
        language = request.query_params.get("lang", settings.app.language)
        language = language if language in LANGUAGES else settings.app.language
        if not opened:
            opened.append(store_factory())
        stats = admin_stats(opened[0].exchanges())
        return HTMLResponse(admin_html(stats, language), headers={"Cache-Control": "no-store"})

    return [Route(ADMIN_PATH, page, methods=["GET"])]
