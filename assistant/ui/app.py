"""The Gradio app: wiring only. Every callback calls one function of `assistant.ui.handlers`.

Tabs: 问答 (streamed answers with checkable sources), 自评估 (filled by `assistant.ui.assessment_tab.build_tab`
when that module exists), 框架 (the 7x3 matrix and each domain's stages and case studies). Conversation state
lives in per-session `gr.State`; nothing here is shared between sessions except the read-only answer chain.
"""

from __future__ import annotations

import importlib.util
import inspect
import os

import gradio as gr

from assistant.answer.pipeline import AnswerChain, build_chain
from assistant.settings import Settings, disable_phone_home
from assistant.ui import handlers
from assistant.ui.render import escape
from assistant.ui.texts import LANGUAGE_CHOICES, examples, text

CSS = """
#smc-top h1 { font-size: 1.6rem; margin: 0 0 4px; }
#smc-top p { margin: 0; color: var(--body-text-color); opacity: 0.78; line-height: 1.6; }
.smc-engine-box { font-size: 0.9rem; padding: 6px 12px; border-radius: 8px; background: var(--background-fill-secondary); }
.smc-engine-label { font-weight: 600; margin-right: 8px; }
.smc-engine-detail { color: var(--body-text-color-subdued); margin-left: 6px; }
.smc-notice { margin-top: 4px; color: #92400e; }
#smc-chat .smc-answer-text, #smc-chat .smc-question { line-height: 1.8; font-size: 15px; }
.smc-status, .smc-standalone { color: var(--body-text-color-subdued); font-size: 0.85em; margin-bottom: 4px; }
a.smc-cite { display: inline-block; margin: 0 1px; padding: 0 4px; border-radius: 4px; background: #dbeafe;
  color: #1d4ed8 !important; font-size: 0.78em; font-weight: 700; line-height: 1.4; vertical-align: super;
  text-decoration: none !important; cursor: pointer; }
a.smc-cite:hover { background: #1d4ed8; color: #fff !important; }
details.smc-sources { margin-top: 12px; border: 1px solid #cbd5e1; border-radius: 8px; background: #f8fafc;
  color: #1e293b; padding: 6px 12px; }
details.smc-sources > summary { cursor: pointer; font-weight: 600; color: #1e3a8a; }
ol.smc-source-list { list-style: none; padding-left: 0 !important; margin: 8px 0 0 !important; }
li.smc-source { margin: 0 0 10px !important; padding: 8px 10px; border: 1px solid #e2e8f0; border-radius: 6px;
  background: #fff; transition: box-shadow 0.3s; }
li.smc-source.smc-flash { box-shadow: 0 0 0 3px #f59e0b; }
.smc-source-head { font-weight: 600; color: #0f172a; margin-bottom: 4px; }
.smc-source-n { color: #1d4ed8; margin-right: 4px; }
blockquote.smc-passage { margin: 0 !important; padding: 2px 0 2px 10px !important; border-left: 3px solid #94a3b8 !important;
  color: #334155 !important; font-size: 0.92em; line-height: 1.75; font-style: normal !important; }
blockquote.smc-passage mark { background: #fde68a; color: #0f172a; padding: 0 1px; border-radius: 2px; }
.smc-refusal { border-left: 4px solid #d97706; background: #fffbeb; color: #451a03; padding: 8px 12px; border-radius: 6px; }
.smc-badge { display: inline-block; font-size: 0.8em; font-weight: 700; color: #92400e; background: #fde68a;
  border-radius: 4px; padding: 1px 8px; margin-bottom: 6px; }
.smc-error { border-left: 4px solid #dc2626; background: #fef2f2; color: #7f1d1d; padding: 8px 12px; border-radius: 6px; }
.smc-flagged { margin-top: 8px; font-size: 0.88em; color: #92400e; }
#smc-examples { flex-wrap: wrap; gap: 8px; }
#smc-examples button.smc-example { flex: 0 1 auto !important; min-width: 0 !important; white-space: normal; }
.smc-table-wrap { overflow-x: auto; }
table.smc-matrix { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
table.smc-matrix th, table.smc-matrix td { border: 1px solid var(--border-color-primary); padding: 8px 10px;
  vertical-align: top; text-align: left; line-height: 1.6; }
table.smc-matrix thead th { background: var(--background-fill-secondary); }
.smc-domain-cell { min-width: 9em; }
.smc-domain-name { font-weight: 700; }
.smc-domain-other, .smc-where { color: var(--body-text-color-subdued); font-size: 0.85em; font-weight: normal; }
.smc-stages { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
.smc-stage { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px; }
.smc-stage h4 { margin-top: 0; }
.smc-summary { font-weight: 600; }
.smc-dimension { font-weight: 600; margin-right: 6px; }
.smc-case { border-left: 3px solid var(--color-accent); padding: 4px 12px; margin: 10px 0; }
.smc-case-title { font-weight: 700; }
.smc-case dl { margin: 4px 0; }
.smc-case dt { font-weight: 600; }
.smc-case dd { margin: 0 0 4px 1.5em; }
"""

# Clicking a marker [n] opens the sources block of its answer and scrolls to the passage.
HEAD = """<script>
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.smc-cite");
  if (!link) { return; }
  event.preventDefault();
  event.stopPropagation();
  var target = document.getElementById((link.getAttribute("href") || "").slice(1));
  if (!target) { return; }
  var block = target.closest("details");
  if (block) { block.open = true; }
  target.scrollIntoView({behavior: "smooth", block: "center"});
  target.classList.add("smc-flash");
  setTimeout(function () { target.classList.remove("smc-flash"); }, 1800);
}, true);
</script>"""


def _header(language: str) -> str:
    return (
        f'<div class="smc-header"><h1>{escape(text(language, "title"))}</h1>'
        f'<p>{escape(text(language, "subtitle"))}</p></div>'
    )


def _assessment_builder():
    """`build_tab` of assistant.ui.assessment_tab when that module exists, else None."""
    if importlib.util.find_spec("assistant.ui.assessment_tab") is None:
        return None
    from assistant.ui.assessment_tab import build_tab

    return build_tab


def _build_assessment(settings: Settings, language: gr.Radio, chain: AnswerChain) -> gr.Markdown | None:
    """Let the assessment module fill its tab, or show a short note; returns the note when there is one."""
    builder = _assessment_builder()
    if builder is None:
        return gr.Markdown(text(language.value, "assessment_note"), elem_id="assessment-note")
    parameters = inspect.signature(builder).parameters
    if "answerer" in parameters:
        builder(settings, language=language, answerer=chain.ask)
    elif "language" in parameters:
        builder(settings, language=language)
    else:
        builder(settings)
    return None


def build_app(settings: Settings, chain: AnswerChain | None = None) -> gr.Blocks:
    """The app over an answer chain (built from the settings when not given), with its queue configured."""
    disable_phone_home()
    chain = chain or build_chain(settings)
    browser = handlers.framework_browser(settings)
    start = settings.app.language
    first_domain = browser.rows[0].key

    with gr.Blocks(title=text(start, "title"), analytics_enabled=False) as demo:
        history = gr.State([])
        with gr.Row(elem_id="smc-top", equal_height=True):
            with gr.Column(scale=6):
                header = gr.HTML(_header(start))
            with gr.Column(scale=1, min_width=170):
                language = gr.Radio(LANGUAGE_CHOICES, value=start, label=text(start, "language"), elem_id="smc-language")
        with gr.Tabs(elem_id="smc-tabs"):
            with gr.Tab(text(start, "tab_qa"), id="qa", elem_id="qa-tab") as qa_tab:
                engine = gr.HTML(handlers.engine_status(chain, settings, start), elem_id="smc-engine")
                chatbot = gr.Chatbot(
                    label=text(start, "chat_label"), show_label=False, elem_id="smc-chat", height="64vh", min_height=420, latex_delimiters=[],
                    buttons=["copy"], feedback_options=None, placeholder=text(start, "chat_placeholder"),
                    sanitize_html=True, line_breaks=False,
                )
                with gr.Row(elem_id="smc-ask-row", equal_height=True):
                    question = gr.Textbox(
                        label=text(start, "question_label"), placeholder=text(start, "question_placeholder"),
                        lines=1, max_lines=4, scale=6, elem_id="smc-question", autofocus=True,
                    )
                    send = gr.Button(text(start, "send"), variant="primary", scale=1, min_width=90, elem_id="smc-send")
                    clear = gr.Button(text(start, "clear"), variant="secondary", scale=1, min_width=90, elem_id="smc-clear")
                examples_title = gr.Markdown(f"**{text(start, 'examples')}**", elem_id="smc-examples-title")
                with gr.Row(elem_id="smc-examples"):
                    example_buttons = [
                        gr.Button(sample, size="sm", variant="secondary", elem_classes=["smc-example"])
                        for sample in examples(start)
                    ]
            with gr.Tab(text(start, "tab_assessment"), id="assessment") as assessment_tab:
                with gr.Column(elem_id="assessment-tab"):
                    assessment_note = _build_assessment(settings, language, chain)
            with gr.Tab(text(start, "tab_framework"), id="framework", elem_id="framework-tab") as framework_tab:
                matrix = gr.HTML(handlers.matrix_html(browser, start), elem_id="smc-matrix")
                domain = gr.Dropdown(
                    handlers.domain_choices(browser, start), value=first_domain, label=text(start, "domain_pick"),
                    elem_id="smc-domain",
                )
                detail = gr.HTML(handlers.domain_html(browser, first_domain, start), elem_id="smc-domain-detail")

        def respond(question_text: str, messages: list, turns: list, lang: str):
            """Stream the answer; empty the question box with the first update only."""
            first = True
            for updated, new_turns in handlers.ask(chain, question_text, messages, turns, lang):
                yield updated, new_turns, ("" if first else gr.skip())
                first = False
            if first:
                yield gr.skip(), gr.skip(), gr.skip()

        # A local model generates one answer at a time; the other events stay responsive meanwhile.
        model_queue = {"concurrency_limit": 1, "concurrency_id": "model"} if chain.engine == "local" else {}
        chat_io = {"inputs": [question, chatbot, history, language], "outputs": [chatbot, history, question]}
        question.submit(respond, api_name="ask", **chat_io, **model_queue)
        send.click(respond, api_visibility="private", **chat_io, **model_queue)
        for button in example_buttons:
            button.click(respond, inputs=[button, chatbot, history, language], outputs=chat_io["outputs"],
                         api_visibility="private", **model_queue)
        clear.click(handlers.clear, outputs=[chatbot, history, question], api_name="clear")

        def switch_language(lang: str, domain_key: str):
            """Relabel the interface; past answers keep the language they were written in."""
            updates = [
                _header(lang),
                gr.Tab(label=text(lang, "tab_qa")),
                gr.Tab(label=text(lang, "tab_assessment")),
                gr.Tab(label=text(lang, "tab_framework")),
                gr.Radio(label=text(lang, "language")),
                handlers.engine_status(chain, settings, lang),
                gr.Chatbot(label=text(lang, "chat_label"), placeholder=text(lang, "chat_placeholder")),
                gr.Textbox(label=text(lang, "question_label"), placeholder=text(lang, "question_placeholder")),
                gr.Button(text(lang, "send")),
                gr.Button(text(lang, "clear")),
                f"**{text(lang, 'examples')}**",
                *[gr.Button(sample) for sample in examples(lang)],
                handlers.matrix_html(browser, lang),
                gr.Dropdown(choices=handlers.domain_choices(browser, lang), value=domain_key,
                            label=text(lang, "domain_pick")),
                handlers.domain_html(browser, domain_key, lang),
            ]
            if assessment_note is not None:
                updates.append(text(lang, "assessment_note"))
            return updates

        language_outputs = [header, qa_tab, assessment_tab, framework_tab, language, engine, chatbot, question, send,
                            clear, examples_title, *example_buttons, matrix, domain, detail]
        if assessment_note is not None:
            language_outputs.append(assessment_note)
        language.change(switch_language, [language, domain], language_outputs, api_visibility="private")
        domain.change(lambda key, lang: handlers.domain_html(browser, key, lang), [domain, language], detail,
                      api_visibility="private")

    demo.queue(default_concurrency_limit=settings.app.concurrency)
    return demo


def _theme() -> gr.themes.Base:
    # System fonts only: the default theme would fetch web fonts, and the app must work offline.
    fonts = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "system-ui", "sans-serif"]
    return gr.themes.Default(primary_hue="blue", neutral_hue="slate", font=fonts, font_mono=["monospace"])


def launch_options(settings: Settings) -> dict:
    """Keyword arguments for `Blocks.launch`: binding, login, error display, theme and styles."""
    app = settings.app
    password = app.password.get_secret_value()
    return {
        "server_name": app.host,
        "server_port": app.port,
        "auth": (app.username, password) if app.username and password else None,
        "show_error": True,
        "theme": _theme(),
        "css": CSS,
        "head": HEAD,
        "footer_links": [],
        "ssr_mode": False,
        "mcp_server": False,
        "enable_monitoring": False,
        "quiet": True,
    }


def launch(settings: Settings, chain: AnswerChain | None = None, *, block: bool = True) -> gr.Blocks:
    """Serve the app on settings.app.host:port (127.0.0.1 by default) until interrupted, unless block is False."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    demo = build_app(settings, chain)
    demo.launch(**launch_options(settings), prevent_thread_lock=not block)
    return demo
