"""The assessment tab in a real headless Chromium with the interface in English: no Chinese label, button,
placeholder or quick reply, the official's HTML shown as text."""

from __future__ import annotations

import re

import pytest


pytestmark = pytest.mark.browser
_CJK = re.compile(r"[\u3400-\u9fff]")


def _visible_words(driver, root) -> list[str]:
    """Every label, button text, placeholder and chat line inside the tab that a user can see."""
    from selenium.webdriver.common.by import By

    words = [element.text for element in root.find_elements(By.CSS_SELECTOR, "button, label, span, p, div.message")
             if element.is_displayed() and element.text.strip()]
    words += [element.get_attribute("placeholder") or "" for element in root.find_elements(By.CSS_SELECTOR, "textarea, input")
              if element.is_displayed()]
    return [word for word in words if word.strip()]


def test_the_assessment_tab_in_english_has_no_chinese_label_or_button(browser, app_url, output_dir):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 120)
    browser.get(app_url)
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#smc-language"))
    browser.find_element(By.XPATH, "//*[@id='smc-language']//label[.//span[text()='English']]").click()
    wait.until(lambda d: "Self-assessment" in d.find_element(By.CSS_SELECTOR, "#smc-tabs").text
               or "Assessment" in d.find_element(By.CSS_SELECTOR, "#smc-tabs").text)
    browser.find_elements(By.CSS_SELECTOR, "#smc-tabs button[role='tab']")[1].click()
    new = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#assess-new"))
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#assess-new").text == "New assessment")
    new.click()
    chat = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#assess-chat"))
    wait.until(lambda d: "name of your city" in d.find_element(By.CSS_SELECTOR, "#assess-chat").text)

    box = browser.find_element(By.CSS_SELECTOR, "#assess-reply textarea")
    for reply, expected in [("<b>Maple Falls</b>, Hubei province, about 200,000 residents", "seven domains"),
                            ("All seven domains", "most urgent")]:
        box.send_keys(reply)
        box.send_keys(Keys.ENTER)
        wait.until(lambda d, expected=expected: expected in d.find_element(By.CSS_SELECTOR, "#assess-chat").text)

    assert "<b>Maple Falls</b>" in chat.text  # the official's markup is shown as typed, not rendered
    assert not chat.find_elements(By.CSS_SELECTOR, ".message b")
    tab = browser.find_element(By.CSS_SELECTOR, "#assessment-tab")
    chinese = [word for word in _visible_words(browser, tab) if _CJK.search(word)]
    browser.save_screenshot(str(output_dir / "ui-assessment-en.png"))
    assert chinese == []
