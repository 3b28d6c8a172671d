"""PDF: the printable HTML printed by the installed Chromium (headless), CJK font embedded, page numbers in the margin.

Chromium prints the page's own CSS: an @page margin box numbers the pages ("第 1 / 3 页", "Page 1 of 3") and the
fonts the page names (Noto Sans CJK, from Debian's fonts-noto-cjk) are embedded as subsets.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from assistant.assessment.plan_texts import say
from assistant.errors import ConfigurationError, ExportError

_FOOTER_MARKS = {"{page}": '" counter(page) "', "{pages}": '" counter(pages) "'}


def page_css(language: str) -> str:
    """The @page rule with the page number at the bottom centre, in `language`."""
    content = say(language, "page_footer", page="{page}", pages="{pages}").replace('"', "'")
    for mark, counter in _FOOTER_MARKS.items():
        content = content.replace(mark, counter)
    return ('@page{size:A4;margin:16mm 14mm 18mm 14mm;@bottom-center{content:"' + content +
            '";font-size:9pt;color:#52606d;font-family:"Noto Sans CJK SC","Noto Sans CJK",sans-serif}}')


def find_chromium(configured: Path | None = None) -> Path:
    """The Chromium binary to print with; ConfigurationError saying `make install` when there is none."""
    candidates = [configured] if configured else []
    candidates += [Path(found) for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))]
    for candidate in candidates:
        if candidate and candidate.exists():
            return candidate
    raise ConfigurationError("no Chromium found to print the PDF: run `make install` (it installs the Debian package "
                             "chromium) or set SMC_EXPORT__CHROMIUM")


def html_to_pdf(page: str, chromium: Path, timeout_s: float = 90) -> bytes:
    """Print an HTML page to PDF with headless Chromium, in a private temporary profile."""
    with tempfile.TemporaryDirectory(prefix="smc-pdf-") as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_text(page, encoding="utf-8")
        command = [str(chromium), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--disable-extensions", f"--user-data-dir={Path(folder) / 'profile'}", "--no-pdf-header-footer",
                   f"--print-to-pdf={target}", source.as_uri()]
        try:
            finished = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired:
            raise ExportError(f"Chromium did not finish printing the PDF within {timeout_s:.0f} s") from None
        except OSError as error:
            raise ConfigurationError(f"cannot run Chromium at {chromium}: {error}") from None
        if not target.exists() or target.stat().st_size == 0:
            detail = finished.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise ExportError(f"Chromium printed no PDF (exit code {finished.returncode}): {detail[0]}")
        return target.read_bytes()
