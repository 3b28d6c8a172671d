"""A separate process that runs assessments against a store, for the crash and concurrency tests.

    python -m tests.assessment.writer URL interactive     replies read from stdin, 'COMMITTED n id' after each
    python -m tests.assessment.writer URL burst N NAME    N unusable replies then a city name, as fast as possible
"""

from __future__ import annotations

import sys
import time


def interactive(url: str) -> None:
    from assistant.assessment.conversation import AssessmentConversation
    from assistant.assessment.store import AssessmentStore
    from assistant.assessment.judge import build_stage_judge
    from assistant.settings import load_settings

    judge = build_stage_judge(load_settings())
    store = AssessmentStore(url)
    conversation = AssessmentConversation(judge.framework, judge, recorder=store)
    turn = conversation.start("zh")
    print(f"STARTED {turn.assessment_id}", flush=True)
    count = 0
    for line in sys.stdin:
        conversation.reply(line.rstrip("\n"))
        count += 1
        print(f"COMMITTED {count} {conversation.assessment.id} {conversation.turn.state}", flush=True)
    time.sleep(3600)


def burst(url: str, replies: int, name: str) -> None:
    from assistant.assessment.conversation import AssessmentConversation
    from assistant.assessment.store import AssessmentStore
    from assistant.knowledge.framework import load_framework
    from assistant.settings import load_settings
    from tests.assessment.conftest import FixedJudge

    framework = load_framework(load_settings().paths.framework_file)
    store = AssessmentStore(url)
    conversation = AssessmentConversation(framework, FixedJudge(framework), recorder=store)
    conversation.start("zh")
    for _ in range(replies):
        conversation.reply("asdfgh")
    conversation.reply(name)
    print(f"DONE {conversation.assessment.id}", flush=True)


if __name__ == "__main__":
    if sys.argv[2] == "interactive":
        interactive(sys.argv[1])
    else:
        burst(sys.argv[1], int(sys.argv[3]), sys.argv[4])
