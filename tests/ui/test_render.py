"""Rendering answers and sources: escaping, marker links, highlighting, refusals."""

from __future__ import annotations

import re

from assistant.schemas import Answer, Citation
from assistant.ui import render

PASSAGE = "宿州是安徽省辖地级市。“讯宿办”小程序方便群众办理社保、查询公积金等。\n此后又上线了疫情版。"


def _answer(**overrides) -> Answer:
    values = dict(
        question="宿州市民通过讯宿办可以办理什么业务？",
        answer="“讯宿办”小程序方便群众办理社保、查询公积金等[1]。",
        engine="extractive",
        citations=[
            Citation(n=1, section="3.3", title="民生与服务领域转型模式及实践", page=16, text=PASSAGE,
                     supporting=["“讯宿办”小程序方便群众办理社保、查询公积金等。"]),
        ],
    )
    values.update(overrides)
    return Answer(**values)


def test_markers_link_to_their_source_in_the_sources_block():
    html = render.render_answer(_answer(), "zh", anchor="t1")
    assert '<a class="smc-cite" href="#t1-src-1"' in html
    assert '<li class="smc-source" id="t1-src-1">' in html
    assert re.search(r'<details class="smc-sources"[^>]*><summary>出处（1 条）', html)
    assert "3.3 民生与服务领域转型模式及实践 · 第16页" in html


def test_a_marker_without_a_citation_stays_plain_text():
    html = render.render_answer(_answer(answer="一句话[1]，另一句[7]。"), "zh", anchor="t2")
    assert html.count('class="smc-cite"') == 1
    assert "[7]" in html and 'href="#t2-src-7"' not in html


def test_supporting_sentence_is_highlighted_and_the_rest_of_the_passage_is_not():
    html = render.render_answer(_answer(), "zh", anchor="t3")
    assert "<mark>“讯宿办”小程序方便群众办理社保、查询公积金等。</mark>" in html
    assert "<mark>宿州是安徽省辖地级市" not in html
    assert "<br>此后又上线了疫情版。" in html


def test_a_paraphrase_highlights_the_closest_sentence():
    html = render.highlight_passage(PASSAGE, ["讯宿办小程序可以办理社保和查询公积金"])
    assert "<mark>“讯宿办”小程序方便群众办理社保、查询公积金等。</mark>" in html


def test_script_in_model_text_and_passage_is_escaped():
    script = "<script>alert(1)</script>"
    answer = _answer(
        answer=f"小程序{script}方便群众[1]。<img src=x onerror=alert(2)>",
        citations=[Citation(n=1, section="3.3", title=f"标题{script}", page=16, text=f"原文{script}。",
                            supporting=[f"原文{script}。"])],
        flagged=[f"没有依据{script}"],
        standalone_question=f"问题{script}",
    )
    html = render.render_answer(answer, "zh", anchor="t4")
    assert "<script" not in html and "<img" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 5
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_question_error_and_pending_text_are_escaped():
    assert "<b>" not in render.render_question("<b>粗体</b>")
    assert "<b>" not in render.render_error("zh", "<b>失败</b>")
    pending = render.render_pending("zh", "正在<b>写</b>[1]", found=3)
    assert "<b>" not in pending and "[1]" not in pending
    assert "已找到 3 段相关原文" in pending


def test_anchor_cannot_inject_attributes():
    html = render.render_answer(_answer(), "zh", anchor='x" onclick="evil')
    assert "onclick" not in html.replace("xonclickevil", "")


def test_refusal_is_styled_as_a_refusal_without_sources():
    answer = _answer(answer="抱歉，这份报告没有涉及这个问题。", refused=True, citations=[])
    html = render.render_answer(answer, "zh", anchor="t5")
    assert 'class="smc-answer smc-refusal"' in html
    assert "无法依据报告回答" in html
    assert "smc-sources" not in html


def test_english_labels():
    html = render.render_answer(_answer(), "en", anchor="t6")
    assert "Sources (1)" in html and "p. 16" in html


def test_output_is_one_line_so_markdown_leaves_it_alone():
    answer = _answer(answer="第一段*强调*[1]。\n\n第二段 [链接](javascript:alert(1))。")
    html = render.render_answer(answer, "zh", anchor="t7")
    assert "\n" not in html
    assert html.startswith("<div")


def test_non_numeric_sections_show_only_the_title():
    citation = Citation(n=1, section="preface", title="前言", page=3, text="原文。")
    assert render.source_heading(citation, "zh") == "前言 · 第3页"


def test_a_model_answer_replaced_by_the_reports_sentences_says_so():
    notice = "模型的回答未能通过与报告原文的核对，以下为报告原文摘录。"
    assert notice in render.render_answer(_answer(engine="local", notice=notice), "zh", anchor="t9")
    # the extractive engine's own notice is on the engine line, not repeated under every answer
    assert "本地模型未安装" not in render.render_answer(_answer(notice="本地模型未安装"), "zh", anchor="t9")
