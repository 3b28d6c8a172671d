"""The web interface: a thin Gradio shell over the answer chain and the framework data.

`build_app(settings, chain=None)` returns the Blocks; `launch(settings)` serves them. Importing this package
loads neither Gradio nor a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gradio as gr

    from assistant.answer.pipeline import AnswerChain
    from assistant.settings import Settings


def build_app(settings: Settings, chain: AnswerChain | None = None) -> gr.Blocks:
    """The Gradio app over an answer chain (see `assistant.ui.app.build_app`)."""
    from assistant.ui.app import build_app as build

    return build(settings, chain)


def launch(settings: Settings, chain: AnswerChain | None = None, *, block: bool = True) -> gr.Blocks:
    """Serve the app (see `assistant.ui.app.launch`)."""
    from assistant.ui.app import launch as serve

    return serve(settings, chain, block=block)


__all__ = ["build_app", "launch"]
