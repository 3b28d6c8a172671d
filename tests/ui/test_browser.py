"""The app in a real headless Chromium: ask, watch the answer stream in, open the sources, keep a screenshot."""

from __future__ import annotations

import time

import pytest

QUESTION = "宿州市民通过讯宿办可以办理什么业务？"

pytestmark = pytest.mark.browser


def test_ask_in_the_browser_and_check_the_source(browser, app_url, output_dir):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 120)
    browser.get(app_url)
    box = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#smc-question textarea"))
    assert "中小城市数字化转型助手" in browser.find_element(By.CSS_SELECTOR, "#smc-top").text
    box.send_keys(QUESTION)
    box.send_keys(Keys.ENTER)

    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#smc-chat details.smc-sources"))
    answer = browser.find_elements(By.CSS_SELECTOR, "#smc-chat .smc-answer")[-1]
    assert "讯宿办" in answer.text
    markers = answer.find_elements(By.CSS_SELECTOR, "a.smc-cite")
    assert markers and markers[0].text == "[1]"
    sources = answer.find_element(By.CSS_SELECTOR, "details.smc-sources")
    assert sources.get_attribute("open") is None  # collapsed until asked for
    assert box.get_attribute("value") == ""

    markers[0].click()  # a marker opens the sources block and brings its passage into view
    wait.until(lambda d: sources.get_attribute("open") is not None)
    source = answer.find_element(By.CSS_SELECTOR, "li.smc-source")
    assert source.get_attribute("id") == markers[0].get_attribute("href").split("#")[-1]
    assert "3.3 民生与服务领域转型模式及实践 · 第16页" in source.text
    highlighted = source.find_elements(By.CSS_SELECTOR, "blockquote.smc-passage mark")
    assert highlighted and highlighted[0].is_displayed() and "讯宿办" in source.text
    assert len(browser.window_handles) == 1  # the marker did not open a new tab
    time.sleep(2)  # let the scroll and highlight settle before the picture
    browser.save_screenshot(str(output_dir / "ui-qa-sources.png"))

    browser.find_elements(By.CSS_SELECTOR, "#smc-tabs button[role='tab']")[2].click()
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "table.smc-matrix").is_displayed())
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.smc-matrix tbody tr")) == 7
    browser.save_screenshot(str(output_dir / "ui-framework.png"))

    browser.find_element(By.XPATH, "//*[@id='smc-language']//label[.//span[text()='English']]").click()
    wait.until(lambda d: "Framework" in d.find_element(By.CSS_SELECTOR, "#smc-tabs").text)
    wait.until(lambda d: "Stage 1" in d.find_element(By.CSS_SELECTOR, "table.smc-matrix").text)
    browser.find_elements(By.CSS_SELECTOR, "#smc-tabs button[role='tab']")[0].click()
    assert wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#smc-send").text) == "Ask"
