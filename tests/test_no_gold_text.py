"""No gold question is quoted in the code or the prompts: the gold sets measure, they do not teach.

A Chinese question is quoted when a run of 10 of its characters (four of them Chinese) stands in a file under
assistant/, prompts/ or tests/ and is not the report's own wording, which the code may name. An English question is
quoted when a run of 32 of its characters does (ten characters of English are common phrases) between the
glossary's English names, which are the report's wording in English ("small and medium-sized cities").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.knowledge.glossary import load_glossary

PROJECT = Path(__file__).resolve().parent.parent
CHINESE_RUN = 10
ENGLISH_RUN = 32


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _gold_texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted((PROJECT / "eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            for text in [row.get("question") or ""] + [
                    turn.get("question", "") for turn in row.get("history") or []]:
                if text:
                    texts.append((f"{path.name}:{row.get('id')}", _normal(text).strip()))
    return texts


def _runs(text: str, size: int) -> set[str]:
    return {text[i:i + size] for i in range(len(text) - size + 1)}


def quoted(gold: list[tuple[str, str]], code: dict[str, str], report: str, names: list[str] = ()) -> list[str]:
    """One line per gold question that a file of `code` quotes: where it is, the run, the files. `names` are
    English names a run of an English question may not span."""
    runs = {size: set().union(*(_runs(text, size) for text in code.values())) for size in (CHINESE_RUN, ENGLISH_RUN)}
    between = re.compile("|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)) or r"(?!x)x", re.I)
    found = []
    for where, text in gold:
        english = re.fullmatch(r"[\x00-\x7f]*", text) is not None
        size = ENGLISH_RUN if english else CHINESE_RUN
        pieces = between.split(text) if english else [text]
        for run in sorted(set().union(*(_runs(piece, size) for piece in pieces)) & runs[size]):
            if (not english and len(re.findall(r"[\u3400-\u9fff]", run)) < 4) or run in report:
                continue
            files_with = [name for name, body in code.items() if run in body]
            found.append(f"{where} {run!r} in {', '.join(files_with)}")
            break
    return found


def test_no_run_of_a_gold_question_is_quoted_in_the_code_the_prompts_or_the_tests():
    files = [p for p in [*(PROJECT / "assistant").rglob("*.py"), *(PROJECT / "prompts").rglob("*"),
                         *(PROJECT / "tests").rglob("*.py")] if p.is_file() and p.name != Path(__file__).name]
    code = {str(p.relative_to(PROJECT)): _normal(p.read_text(encoding="utf-8", errors="ignore")) for p in files}
    report = _normal(" ".join(p.read_text(encoding="utf-8") for p in (PROJECT / "corpus").glob("*.txt")))
    names = [name for term in load_glossary(PROJECT / "corpus" / "glossary.yaml").terms for name in term.en]
    hits = quoted(_gold_texts(), code, report, names)
    assert not hits, "gold questions quoted in the code, prompts or tests:\n" + "\n".join(hits)


GOLD = [("g-1", "某县的智慧停车平台一共接入了多少个车位？"), ("g-2", "How many parking spaces did the county's smart platform connect?")]


def test_the_check_finds_a_quoted_question_and_lets_the_report_s_wording_pass():
    code = {
        "a.py": '# e.g. "智慧停车平台一共接入了多少" and "the county\'s smart platform connect"',
        "b.py": "# 数字化转型的框架与路径 is the report's title",
        "c.py": "# 停车平台一共",  # too short to count
    }
    gold = GOLD + [("g-3", "这份报告谈到了数字化转型的框架与路径吗"),
                   ("g-4", "Which stages of digital transformation do small and medium-sized cities go through?")]
    code["d.py"] = "# stages of digital transformation do small and medium-sized cities go"
    hits = quoted(gold, code, "重塑中小城市的未来：数字化转型的框架与路径", ["small and medium-sized cities", "digital transformation"])
    assert [hit.split()[0] for hit in hits] == ["g-1", "g-2"]
    assert "a.py" in hits[0] and "b.py" not in " ".join(hits)
