"""The Gradio app: wiring only. Every callback calls one function of `assistant.ui.handlers` or
`assistant.ui.exchanges`.

Tabs: 问答 (streamed answers with checkable sources, 👍/👎 with a comment, checked next questions, the report's
page of a citation in the reader beside the chat, conversation export), 自评估 (filled by `assistant.ui.assessment_tab.build_tab`
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
from assistant.suggestions import MAX_SUGGESTIONS
from assistant.ui import exchanges, handlers
from assistant.ui.framework_view import framework_browser
from assistant.ui.reader import ReportReader
from assistant.ui.render import escape
from assistant.ui.styles import CSS, HEAD, SCROLL_TO_MARK
from assistant.ui.texts import LANGUAGE_CHOICES, examples, text

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


def qa_services(settings: Settings, chain: AnswerChain) -> exchanges.QAServices:
    """The reader, the feedback store and the suggester of the Q&A tab, over the chain."""
    from assistant.feedback.store import build_feedback_store
    from assistant.knowledge.corpus import load_document
    from assistant.knowledge.framework import load_framework
    from assistant.suggestions import Suggester

    return exchanges.QAServices(
        chain=chain, reader=ReportReader(load_document(settings.paths.corpus_file)),
        store=build_feedback_store(settings),
        suggester=Suggester(chain, load_framework(settings.paths.framework_file)),
        exports_dir=settings.paths.data_dir / "exports" / "conversations",
    )


def build_app(settings: Settings, chain: AnswerChain | None = None,
              services: exchanges.QAServices | None = None) -> gr.Blocks:
    """The app over an answer chain (built from the settings when not given), with its queue configured."""
    disable_phone_home()
    chain = chain or build_chain(settings)
    services = services or qa_services(settings, chain)
    reader = services.reader
    browser = framework_browser(settings)
    start = settings.app.language
    first_domain = browser.rows[0].key

    with gr.Blocks(title=text(start, "title"), analytics_enabled=False) as demo:
        history = gr.State([])
        records = gr.State([])
        pending_comment = gr.State(None)
        with gr.Row(elem_id="smc-top", equal_height=True):
            with gr.Column(scale=6):
                header = gr.HTML(_header(start))
            with gr.Column(scale=1, min_width=170):
                language = gr.Radio(LANGUAGE_CHOICES, value=start, label=text(start, "language"), elem_id="smc-language")
        with gr.Tabs(elem_id="smc-tabs"):
            with gr.Tab(text(start, "tab_qa"), id="qa", elem_id="qa-tab") as qa_tab:
                engine = gr.HTML(handlers.engine_status(chain, settings, start), elem_id="smc-engine")
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            label=text(start, "chat_label"), show_label=False, elem_id="smc-chat", height="64vh",
                            min_height=420, latex_delimiters=[], buttons=["copy"], feedback_options=("Like", "Dislike"),
                            placeholder=text(start, "chat_placeholder"), sanitize_html=True, line_breaks=False,
                        )
                        feedback_status = gr.Markdown("", elem_id="smc-feedback-status")
                        with gr.Row(equal_height=True):
                            comment = gr.Textbox(label=text(start, "comment_label"), placeholder=text(start, "comment_placeholder"),
                                                 lines=1, max_lines=3, scale=5, elem_id="smc-comment")
                            comment_send = gr.Button(text(start, "comment_send"), size="sm", scale=1, min_width=90,
                                                     elem_id="smc-comment-send")
                        suggestions_title = gr.Markdown(visible=False, elem_id="smc-suggestions-title")
                        with gr.Row(elem_id="smc-suggestions"):
                            suggestion_buttons = [
                                gr.Button(visible=False, size="sm", variant="secondary", elem_id=f"smc-suggestion-{number}",
                                          elem_classes=["smc-suggestion"])
                                for number in range(MAX_SUGGESTIONS)
                            ]
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
                        with gr.Row(equal_height=True):
                            export = gr.Button(text(start, "export"), size="sm", scale=1, elem_id="smc-export")
                            export_status = gr.Markdown("", elem_id="smc-export-status")
                        export_files = gr.File(file_count="multiple", interactive=False, visible=False, elem_id="smc-export-files")
                    with gr.Column(scale=2, elem_id="smc-reader-column"):
                        reader_title = gr.Markdown(f"**{text(start, 'reader_title')}**", elem_id="smc-reader-title")
                        section = gr.Dropdown(reader.choices(start), value=None, label=text(start, "reader_pick"),
                                              elem_id="smc-reader-section")
                        page = gr.HTML(reader.page_html(None, start), elem_id="smc-reader")
                        reader_request = gr.Textbox(elem_id="smc-reader-request", show_label=False, container=False)
                        reader_open = gr.Button("open", elem_id="smc-reader-open")
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

        def respond(question_text: str, messages: list, turns: list, kept: list, lang: str):
            """Stream the answer; empty the question box with the first update only."""
            first = True
            for updated, new_turns, new_records in exchanges.respond(services, question_text, messages, turns, kept, lang):
                yield updated, new_turns, new_records, ("" if first else gr.skip())
                first = False
            if first:
                yield gr.skip(), gr.skip(), gr.skip(), gr.skip()

        def suggest(kept: list, lang: str):
            """Show the checked next questions of the last answer (hide the buttons left over)."""
            shown = exchanges.suggestions(services, kept, lang)
            title = gr.Markdown(f"**{text(lang, 'suggestions')}**", visible=bool(shown))
            return [title, *[gr.Button(shown[n], visible=True) if n < len(shown) else gr.Button(visible=False)
                             for n in range(MAX_SUGGESTIONS)]]

        # A local model generates one answer at a time; the other events stay responsive meanwhile.
        model_queue = {"concurrency_limit": 1, "concurrency_id": "model"} if chain.engine == "local" else {}
        chat_io = {"inputs": [question, chatbot, history, records, language], "outputs": [chatbot, history, records, question]}
        suggest_io = {"fn": suggest, "inputs": [records, language], "outputs": [suggestions_title, *suggestion_buttons],
                      "api_visibility": "private"}
        question.submit(respond, api_name="ask", **chat_io, **model_queue).then(**suggest_io)
        send.click(respond, api_visibility="private", **chat_io, **model_queue).then(**suggest_io)
        for button in [*example_buttons, *suggestion_buttons]:
            button.click(respond, inputs=[button, chatbot, history, records, language], outputs=chat_io["outputs"],
                         api_visibility="private", **model_queue).then(**suggest_io)
        clear.click(lambda: (*handlers.clear(), [], gr.Markdown(visible=False), *[gr.Button(visible=False)] * MAX_SUGGESTIONS),
                    outputs=[chatbot, history, question, records, suggestions_title, *suggestion_buttons], api_name="clear")

        def rated(kept: list, lang: str, data: gr.LikeData):
            return exchanges.rate(services, kept, data.index, data.liked, lang)

        chatbot.like(rated, [records, language], [feedback_status, pending_comment], api_visibility="private")
        comment_io = {"inputs": [records, pending_comment, comment, language], "outputs": [feedback_status, comment],
                      "api_visibility": "private"}
        comment_send.click(lambda *values: exchanges.comment(services, *values), **comment_io)
        comment.submit(lambda *values: exchanges.comment(services, *values), **comment_io)
        reader_open.click(lambda kept, request, lang: exchanges.open_citation(services, kept, request, lang),
                          [records, reader_request, language], [page, section], api_visibility="private"
                          ).then(None, js=SCROLL_TO_MARK)
        section.input(lambda key, lang: reader.page_html(key, lang), [section, language], page, api_visibility="private")

        def exported(kept: list, lang: str):
            files, status = exchanges.export(services, kept, lang)
            return gr.File(value=files, visible=bool(files)), status

        export.click(exported, [records, language], [export_files, export_status], api_visibility="private")

        def switch_language(lang: str, domain_key: str, section_key: str | None, kept: list | None = None,
                            request: str = ""):
            """Relabel the interface, the reader's page and the suggestions; past answers keep their language."""
            if request:
                shown_page, _ = exchanges.open_citation(services, kept, request, lang)
            else:
                shown_page = reader.page_html(section_key, lang)
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
                gr.Textbox(label=text(lang, "comment_label"), placeholder=text(lang, "comment_placeholder")),
                gr.Button(text(lang, "comment_send")),
                gr.Button(text(lang, "export")),
                f"**{text(lang, 'reader_title')}**",
                gr.Dropdown(choices=reader.choices(lang), value=section_key, label=text(lang, "reader_pick")),
                shown_page, "", "",
                *suggest(kept or [], lang),
            ]
            if assessment_note is not None:
                updates.append(text(lang, "assessment_note"))
            return updates

        language_outputs = [header, qa_tab, assessment_tab, framework_tab, language, engine, chatbot, question, send,
                            clear, examples_title, *example_buttons, matrix, domain, detail, comment, comment_send, export,
                            reader_title, section, page, feedback_status, export_status, suggestions_title,
                            *suggestion_buttons]
        if assessment_note is not None:
            language_outputs.append(assessment_note)
        language.change(switch_language, [language, domain, section, records, reader_request], language_outputs,
                        api_visibility="private")
        domain.change(lambda key, lang: handlers.domain_html(browser, key, lang), [domain, language], detail,
                      api_visibility="private")

    demo.queue(default_concurrency_limit=settings.app.concurrency)
    return demo


def _theme() -> gr.themes.Base:
    # System fonts only: the default theme would fetch web fonts, and the app must work offline.
    fonts = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "system-ui", "sans-serif"]
    return gr.themes.Default(primary_hue="blue", neutral_hue="slate", font=fonts, font_mono=["monospace"])


def launch_options(settings: Settings) -> dict:
    """Keyword arguments for `Blocks.launch`: binding, login, error display, theme, styles and the admin page."""
    from assistant.feedback.store import build_feedback_store
    from assistant.ui.admin import admin_routes

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
        "app_kwargs": {"routes": admin_routes(settings, lambda: build_feedback_store(settings))},
    }


def launch(settings: Settings, chain: AnswerChain | None = None, *, block: bool = True) -> gr.Blocks:
    """Serve the app on settings.app.host:port (127.0.0.1 by default) until interrupted, unless block is False."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    demo = build_app(settings, chain)
    demo.launch(**launch_options(settings), prevent_thread_lock=not block)
    return demo
