"""In a real headless Chromium: reopen a stored assessment in the app, export it as PDF and download the file."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from tests.assessment.plan_fixtures import stored_assessment

pytestmark = pytest.mark.browser


def _downloaded(folder: Path, timeout: float = 120) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [path for path in folder.glob("*.pdf")]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.5)
    raise AssertionError(f"no PDF was downloaded into {folder}: {[p.name for p in folder.iterdir()]}")


def test_download_the_pdf_from_the_assessment_tab(browser, app_url, settings, tmp_path, output_dir):
    from pypdf import PdfReader
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    from assistant.assessment.store import AssessmentStore

    store = AssessmentStore(settings.store_url)  # the store the app serves
    try:
        assessment = stored_assessment(store, {"industry": (1, 2), "services": (1, 2)}, city="宝应县")
    finally:
        store.close()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})

    wait = WebDriverWait(browser, 120)
    browser.get(app_url)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#smc-tabs button[role='tab']"))
    browser.find_elements(By.CSS_SELECTOR, "#smc-tabs button[role='tab']")[1].click()
    box = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#assess-id input, #assess-id textarea"))
    box.send_keys(assessment.id)
    box.send_keys(Keys.ENTER)
    wait.until(lambda d: "…" in d.find_element(By.CSS_SELECTOR, "#assess-chat").text)
    browser.find_element(By.CSS_SELECTOR, "#assess-export-pdf").click()
    link = wait.until(lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, "#assess-file a[href*='.pdf']")), None))
    link.click()
    pdf = _downloaded(downloads)

    reader = PdfReader(pdf)
    text = unicodedata.normalize("NFKC", "".join(page.extract_text() for page in reader.pages))
    assert pdf.read_bytes().startswith(b"%PDF") and "宝应县" in text and "转型路线图" in text
    assert f"第 1 / {len(reader.pages)}" in text or f"第1/{len(reader.pages)}" in text.replace(" ", "")
    browser.save_screenshot(str(output_dir / "ui-assessment-pdf.png"))

    # The planning panel follows the app's language switch.
    panel = browser.find_element(By.CSS_SELECTOR, "#plan-panel")
    assert "目标与路线图" in panel.text
    browser.find_element(By.XPATH, "//*[@id='smc-language']//label[.//span[text()='English']]").click()
    wait.until(lambda d: "Targets and roadmap" in d.find_element(By.CSS_SELECTOR, "#plan-panel").text)
    panel.find_element(By.XPATH, ".//button[contains(., 'Targets and roadmap')]").click()
    show = wait.until(lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, "#plan-show")), None))
    assert show.text == "Show the roadmap"
    show.click()
    roadmap = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#plan-roadmap").text or None)
    assert "转型路线图" in roadmap and "产业与经济：阶段一 → 阶段二" in roadmap  # the assessment's own language
