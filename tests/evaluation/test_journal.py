"""The answer journal: a long evaluation run stops and goes on without asking a question twice."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import BadInput
from assistant.evaluation.goldset import GoldQuestion
from assistant.evaluation.journal import AnswerJournal
from assistant.evaluation.metrics import HeuristicJudge
from assistant.evaluation.report import AnswerOutcome
from assistant.evaluation.runner import run_chain

SYSTEM = "ours-extractive"


def gold(qid: str, question: str, fact: str) -> GoldQuestion:
    return GoldQuestion(id=qid, question=question, language="zh", type="single", sections=["4"],
                        evidence=[fact], key_facts=[[fact]])


QUESTIONS = [
    gold("j-1", "宿州为市民预约口罩的服务持续了多少天？", "27天"),
    gold("j-2", "柏之叶这个智慧城市是在哪个国家？", "日本"),
]


class CountingChain:
    """Passes the questions to a real chain and counts them."""

    def __init__(self, chain):
        self.chain, self.asked = chain, []

    def stream(self, question, history):
        self.asked.append(question)
        yield from self.chain.stream(question, history)


@pytest.fixture()
def chain(settings, index):
    from assistant.answer.pipeline import build_chain

    return CountingChain(build_chain(settings, index=index, engine="extractive"))


def test_a_second_run_asks_only_what_the_journal_lacks(chain, tmp_path):
    path = tmp_path / "answers.jsonl"
    first = run_chain(chain, QUESTIONS[:1], HeuristicJudge(), SYSTEM, journal=AnswerJournal(path))
    assert len(chain.asked) == 1 and len(path.read_text(encoding="utf-8").splitlines()) == 1

    second = run_chain(chain, QUESTIONS, HeuristicJudge(), SYSTEM, journal=AnswerJournal(path))
    assert chain.asked == [QUESTIONS[0].question, QUESTIONS[1].question]
    assert second[0][1] == first[0][1] and "27" in second[0][1].answer
    assert len(AnswerJournal(path)) == 2


def test_a_changed_question_or_another_system_is_asked_again(chain, tmp_path):
    path = tmp_path / "answers.jsonl"
    run_chain(chain, QUESTIONS[:1], HeuristicJudge(), SYSTEM, journal=AnswerJournal(path))
    reworded = gold("j-1", "宿州的口罩预约服务前后一共多少天？", "27天")
    run_chain(chain, [reworded], HeuristicJudge(), SYSTEM, journal=AnswerJournal(path))
    run_chain(chain, QUESTIONS[:1], HeuristicJudge(), "ours-local", journal=AnswerJournal(path))
    assert len(chain.asked) == 3


def outcome(answer: str) -> AnswerOutcome:
    return AnswerOutcome(system=SYSTEM, answer=answer, refused=False, total_ms=5.0)


def test_a_last_line_cut_short_is_dropped_and_its_question_asked_again(tmp_path):
    path = tmp_path / "answers.jsonl"
    AnswerJournal(path).add(SYSTEM, QUESTIONS[0], outcome("二十七天"))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"system": "ours-extractive", "id": "j-2", "ques')
    journal = AnswerJournal(path)
    assert journal.get(SYSTEM, QUESTIONS[1]) is None and journal.get(SYSTEM, QUESTIONS[0]).answer == "二十七天"
    journal.add(SYSTEM, QUESTIONS[1], outcome("日本"))
    assert AnswerJournal(path).get(SYSTEM, QUESTIONS[1]).answer == "日本"
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize("damage", ["not json at all", '{"system": "x"}', "[1, 2]"])
def test_a_damaged_line_before_the_last_is_a_clear_error(tmp_path, damage):
    path = tmp_path / "answers.jsonl"
    entry = json.dumps({"system": SYSTEM, "id": "j-1", "question": "问？", "outcome": outcome("答").model_dump()})
    path.write_text(f"{damage}\n{entry}\n", encoding="utf-8")
    with pytest.raises(BadInput, match="line 1 of the journal"):
        AnswerJournal(path)


def test_a_directory_is_not_a_journal(tmp_path):
    with pytest.raises(BadInput, match="is a directory"):
        AnswerJournal(tmp_path)


def test_the_cli_keeps_one_half_per_journal(cli_env, tmp_path):
    result = CliRunner().invoke(app, ["eval", "--journal", str(tmp_path / "j.jsonl"), "--engine", "extractive"])
    assert result.exit_code == 2
    assert "one half" in result.output
