"""The Q&A tab in a real headless Chromium: the evidence reader, 👎 with a comment, checked suggestions, the
admin page's login."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from typer.testing import CliRunner

from assistant.cli import app as cli
from assistant.feedback.store import FeedbackStore
from assistant.suggestions import answerable
from tests.ui.conftest import ADMIN_LOGIN

pytestmark = pytest.mark.browser

# Ways of asking what 宿州's mini-program does for its residents (the last one in the English interface).
ABOUT_THE_MINI_PROGRAM = [
    ("讯宿办小程序能帮市民办哪些事？", "zh"),
    ("宿州市民通过讯宿办可以办理什么业务？", "zh"),
    ("How does the Suzhou (Anhui) mini program help citizens with social security?", "en"),
]


def _by():
    from selenium.webdriver.common.by import By

    return By


def _ask(browser, app_url, question: str, language: str = "zh"):
    """Open the app (in the language), ask, and return the wait and the final answer element."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    By = _by()
    wait = WebDriverWait(browser, 120)
    browser.get(app_url)
    box = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#smc-question textarea"))
    if language == "en":
        browser.find_element(By.XPATH, "//*[@id='smc-language']//label[.//span[text()='English']]").click()
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#smc-send").text == "Ask")
    before = len(browser.find_elements(By.CSS_SELECTOR, "#smc-chat details.smc-sources"))
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#smc-chat details.smc-sources")) > before)
    return wait, browser.find_elements(By.CSS_SELECTOR, "#smc-chat .smc-answer")[-1]


def _in_view(browser, element) -> bool:
    """Whether the element is inside the visible part of the reader's scrolling page and of the window."""
    return browser.execute_script("""
        var box = arguments[0].getBoundingClientRect();
        var page = arguments[0].closest('.smc-page').getBoundingClientRect();
        return box.top >= page.top && box.bottom <= page.bottom && box.top >= 0 && box.bottom <= window.innerHeight;
    """, element)


@pytest.mark.parametrize("question, language", ABOUT_THE_MINI_PROGRAM)
def test_clicking_a_marker_shows_the_page_with_the_cited_sentence_marked(browser, app_url, output_dir, question, language):
    By = _by()
    wait, answer = _ask(browser, app_url, question, language)
    marker = answer.find_elements(By.CSS_SELECTOR, "a.smc-cite")[0]
    assert marker.text == "[1]"
    marker.click()
    mark = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#smc-reader mark#smc-reader-target"))
    reader = browser.find_element(By.CSS_SELECTOR, "#smc-reader")
    page_label = "第16页" if language == "zh" else "p. 16"
    assert f"3.3 民生与服务领域转型模式及实践 · {page_label}" in reader.find_element(By.CSS_SELECTOR, ".smc-page-title").text
    assert ("[1]" in reader.find_element(By.CSS_SELECTOR, ".smc-reader-cited").text)
    # The marked sentence is one the answer quotes, and it was scrolled into view.
    supporting = answer.find_element(By.CSS_SELECTOR, "li.smc-source blockquote mark").text
    mark_text = mark.text
    assert mark_text and (mark_text in supporting or supporting in mark_text)
    wait.until(lambda d: _in_view(d, mark))
    # The page is the whole section: more text than the cited passage, every piece of it as text.
    assert len(reader.text) > 3 * len(answer.find_element(By.CSS_SELECTOR, "li.smc-source blockquote").text)
    assert not reader.find_elements(By.CSS_SELECTOR, ".smc-page script, .smc-page img")
    time.sleep(1)
    browser.save_screenshot(str(output_dir / f"ui-reader-{language}.png"))
    if language == "zh":  # switching the interface to English relabels the page and keeps the sentence marked
        browser.find_element(By.XPATH, "//*[@id='smc-language']//label[.//span[text()='English']]").click()
        wait.until(lambda d: "p. 16" in d.find_element(By.CSS_SELECTOR, "#smc-reader .smc-page-title").text)
        assert browser.find_element(By.CSS_SELECTOR, "#smc-reader mark#smc-reader-target").text == mark_text
        wait.until(lambda d: all(b.text.isascii() for b in d.find_elements(By.CSS_SELECTOR, "#smc-suggestions button")
                                 if b.is_displayed()))


def test_thumbs_down_with_a_comment_is_stored_and_exported(browser, app_url, settings, cli_env, tmp_path):
    By = _by()
    question = "讯宿办小程序能帮市民办哪些事？"
    wait, answer = _ask(browser, app_url, question)
    comment = "没有说明在哪里下载这个小程序"
    thumbs = [button for button in browser.find_elements(By.CSS_SELECTOR, "#smc-chat button")
              if (button.get_attribute("aria-label") or button.get_attribute("title") or "") in ("踩", "Dislike")]
    assert thumbs, "no 👎 button under the answer"
    thumbs[-1].click()
    wait.until(lambda d: "已记录" in d.find_element(By.CSS_SELECTOR, "#smc-feedback-status").text)
    box = browser.find_element(By.CSS_SELECTOR, "#smc-comment textarea")
    box.send_keys(comment)
    browser.find_element(By.CSS_SELECTOR, "#smc-comment-send").click()
    wait.until(lambda d: "意见已保存" in d.find_element(By.CSS_SELECTOR, "#smc-feedback-status").text)

    store = FeedbackStore(settings.store_url)
    try:
        stored = [item for item in store.exchanges() if item.comment == comment]
    finally:
        store.close()
    assert len(stored) == 1 and stored[0].rating == "down" and stored[0].question == question
    assert stored[0].citations and stored[0].engine == "extractive"

    out = tmp_path / "review.jsonl"
    result = CliRunner().invoke(cli, ["feedback", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    exported = [line for line in lines if line["comment"] == comment]
    assert exported and exported[0]["question"] == question and exported[0]["reason"] == "thumbs_down"
    assert exported[0]["answer_given"] == stored[0].answer


@pytest.mark.parametrize("question, language", [ABOUT_THE_MINI_PROGRAM[1], ("政府效能领域的第二阶段要求什么？", "zh"),
                                                ABOUT_THE_MINI_PROGRAM[2]])
def test_every_suggestion_shown_passes_the_gate_and_asks_itself(browser, app_url, extractive_chain, question, language):
    By = _by()
    wait, _ = _ask(browser, app_url, question, language)
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#smc-suggestion-0").is_displayed())
    shown = [button.text for button in browser.find_elements(By.CSS_SELECTOR, "#smc-suggestions button") if button.is_displayed()]
    assert 1 <= len(shown) <= 3 and len(set(shown)) == len(shown)
    assert all(answerable(extractive_chain, suggestion) for suggestion in shown)
    if language == "en":
        assert all(suggestion.isascii() for suggestion in shown)
    before = len(browser.find_elements(By.CSS_SELECTOR, "#smc-chat details.smc-sources"))
    browser.find_element(By.CSS_SELECTOR, "#smc-suggestion-0").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#smc-chat details.smc-sources")) > before)
    asked = browser.find_elements(By.CSS_SELECTOR, "#smc-chat .smc-question")[-1].text
    assert asked == shown[0]
    assert "smc-refusal" not in browser.find_elements(By.CSS_SELECTOR, "#smc-chat .smc-answer")[-1].get_attribute("class")


def test_the_admin_page_refuses_a_request_without_its_login(browser, app_url, output_dir):
    admin = app_url + "admin"
    assert httpx.get(admin).status_code == 401
    assert httpx.get(admin, auth=(ADMIN_LOGIN[0], "wrong")).status_code == 401
    assert httpx.get(admin, auth=("someone", ADMIN_LOGIN[1])).status_code == 401
    refused = httpx.get(admin)
    assert "WWW-Authenticate" in refused.headers and "问答" not in refused.text

    By = _by()
    browser.get(admin.replace("http://", f"http://{ADMIN_LOGIN[0]}:{ADMIN_LOGIN[1]}@"))
    assert "管理页" in browser.find_element(By.CSS_SELECTOR, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, ".charts img")
    browser.save_screenshot(str(output_dir / "ui-admin.png"))
