"""The 自评估 tab: the guided assessment as a chat with quick-reply buttons, a live radar chart and downloads.

Wiring only: every callback calls one method of `AssessmentService` and turns its `AssessmentView` into
component updates. The session keeps just the assessment id in `gr.State`; the conversation itself is
resumed from the store on each reply, so a reload, a second tab or a restart loses nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import gradio as gr

from assistant.assessment.planning import build_planning_service
from assistant.assessment.service import AssessmentService, AssessmentView, build_assessment_service
from assistant.assessment.texts import say
from assistant.errors import AssistantError
from assistant.schemas import Answer
from assistant.ui.render import render_question
from assistant.assessment.phrases import error_text
from assistant.settings import Settings
from assistant.ui.plan_panel import build_plan_panel

QUICK_REPLY_SLOTS = 8  # the most quick replies a step offers (all seven domains plus 'all')
EXPORTS = (("md", "Markdown"), ("json", "JSON"), ("html", "HTML"), ("png", "PNG"), ("pdf", "PDF"), ("xlsx", "Excel"))


def _chart(service: AssessmentService, view: AssessmentView):
    """The radar chart as a PIL image, or None before any stage is known."""
    if not view.has_profile:
        return None
    from PIL import Image

    return Image.open(io.BytesIO(service.chart(view.assessment_id)))


def _outputs(service: AssessmentService, view: AssessmentView) -> list:
    """Updates for: id state, id box, chatbot, reply box, chart, then the quick-reply slots."""
    # The official's words are shown as text, as in the Q&A tab; the assistant's messages are Markdown.
    # The assistant's Markdown quotes the official's words (the city's name, their phrases): no tag in it is rendered.
    messages = [{"role": line.role,
                 "content": render_question(line.text) if line.role == "user" else _no_markup(line.text)}
                for line in view.transcript]
    options = view.turn.quick_replies[:QUICK_REPLY_SLOTS]
    slots = [gr.update(value=options[index], visible=True) if index < len(options) else gr.update(visible=False)
             for index in range(QUICK_REPLY_SLOTS)]
    return [view.assessment_id, view.assessment_id, messages, "", _chart(service, view), *slots]


def _no_markup(text: str) -> str:
    """Markdown with every HTML tag shown as text."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _fail(error: AssistantError, language: str, count: int) -> list:
    """One line in the interface's language, no command-line hints; every panel keeps what it showed."""
    gr.Warning(error_text(error, language if language in ("zh", "en") else "zh"))
    return [gr.skip()] * count


def build_tab(settings: Settings, language: gr.Radio | None = None, answerer: Callable[[str], Answer] | None = None) -> None:
    """Fill the assessment tab (called inside a `gr.Tab` by the app); `language` is the app's language switch,
    `answerer` answers the official's questions from the report (the app's answer chain)."""
    service = build_assessment_service(settings, answerer=answerer)
    planning = build_planning_service(settings, service)
    exports = settings.paths.data_dir / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    gr.set_static_paths([exports])  # exported reports are served from where they are written
    start = settings.app.language
    assessment_id = gr.State("")
    with gr.Row(equal_height=True):
        if language is None:
            language = gr.Radio(["zh", "en"], value=start, label=say(start, "ui_language"), scale=1,
                                elem_id="assess-language")
        new = gr.Button(say(start, "ui_new"), variant="primary", scale=1, elem_id="assess-new")
        id_box = gr.Textbox(label=say(start, "ui_id"), placeholder=say(start, "ui_id_placeholder"), max_lines=1, scale=3,
                            elem_id="assess-id")
        resume = gr.Button(say(start, "ui_resume"), scale=1, elem_id="assess-resume")
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label=say(start, "ui_chat"), height=560, elem_id="assess-chat", feedback_options=None,
                                 latex_delimiters=[], sanitize_html=True, buttons=["copy"])
            with gr.Row(elem_id="assess-quick"):
                slots = [gr.Button(visible=False, size="sm", variant="secondary", elem_classes=["assess-quick-reply"])
                         for _ in range(QUICK_REPLY_SLOTS)]
            with gr.Row(equal_height=True):
                reply = gr.Textbox(label=say(start, "ui_reply"), placeholder=say(start, "ui_reply_placeholder"),
                                   lines=1, max_lines=4, scale=5, elem_id="assess-reply")
                send = gr.Button(say(start, "ui_send"), variant="primary", scale=1, elem_id="assess-send")
        with gr.Column(scale=2):
            chart = gr.Image(label=say(start, "ui_chart"), type="pil", format="png", interactive=False, elem_id="assess-chart")
            with gr.Row():
                downloads = [gr.Button(f"{say(start, 'ui_download')} {label}", size="sm", elem_id=f"assess-export-{fmt}")
                             for fmt, label in EXPORTS]
            exported = gr.File(label=say(start, "ui_file"), interactive=False, elem_id="assess-file")

    outputs = [assessment_id, id_box, chatbot, reply, chart, *slots]
    build_plan_panel(planning, start, assessment_id, outputs, lambda shown: _outputs(service, service.view(shown)), language)
    switched = [exported]  # what belongs to the previous assessment is cleared when another one is shown

    def begin(lang: str):
        """Start a new assessment in the chosen language."""
        try:
            return [*_outputs(service, service.begin(lang if lang in ("zh", "en") else "zh")), None]
        except AssistantError as error:
            return _fail(error, lang, len(outputs) + len(switched))

    def answer(text: str, current: str, lang: str):
        """Send one reply; before any assessment, start one first."""
        try:
            if not current:
                return _outputs(service, service.begin(lang if lang in ("zh", "en") else start))
            return _outputs(service, service.answer(current, text))
        except AssistantError as error:
            return _fail(error, lang, len(outputs))

    def reopen(typed: str, lang: str):
        """Continue the assessment with the typed id."""
        try:
            return [*_outputs(service, service.view(typed)), None]
        except AssistantError as error:
            return _fail(error, lang, len(outputs) + len(switched))

    def exporter(fmt: str):
        def download(current: str, lang: str):
            """Export the current assessment in one format."""
            try:
                return str(planning.export(current, fmt)) if current else None
            except AssistantError as error:
                return _fail(error, lang, 1)[0]

        return download

    def relabel(lang: str):
        """Every label, button and placeholder of the tab in the chosen language."""
        lang = lang if lang in ("zh", "en") else "zh"
        return [gr.update(value=say(lang, "ui_new")), gr.update(label=say(lang, "ui_id"), placeholder=say(lang, "ui_id_placeholder")),
                gr.update(value=say(lang, "ui_resume")), gr.update(label=say(lang, "ui_chat")),
                gr.update(label=say(lang, "ui_reply"), placeholder=say(lang, "ui_reply_placeholder")),
                gr.update(value=say(lang, "ui_send")), gr.update(label=say(lang, "ui_chart")),
                *[gr.update(value=f"{say(lang, 'ui_download')} {label}") for _, label in EXPORTS],
                gr.update(label=say(lang, "ui_file"))]

    new.click(begin, inputs=[language], outputs=outputs + switched, api_name="assessment_start")
    send.click(answer, inputs=[reply, assessment_id, language], outputs=outputs, api_name="assessment_reply")
    reply.submit(answer, inputs=[reply, assessment_id, language], outputs=outputs, api_visibility="private")
    for slot in slots:
        slot.click(answer, inputs=[slot, assessment_id, language], outputs=outputs, api_visibility="private")
    resume.click(reopen, inputs=[id_box, language], outputs=outputs + switched, api_name="assessment_resume")
    id_box.submit(reopen, inputs=[id_box, language], outputs=outputs + switched, api_visibility="private")
    for (fmt, _), button in zip(EXPORTS, downloads):
        button.click(exporter(fmt), inputs=[assessment_id, language], outputs=[exported],
                     api_name=f"assessment_export_{fmt}")
    language.change(relabel, inputs=[language], outputs=[new, id_box, resume, chatbot, reply, send, chart, *downloads, exported],
                    api_visibility="private")
