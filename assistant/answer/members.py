"""Whether the report lists the members of a group a question asks for, or only counts them.

The report often counts a group without naming its members: 已成功对接多家互联网电商销售平台, 对中国12个城市的政府部门
……的调研, 14个部门的联合支持. A question asking which they are (具体是哪几家平台, 那12个城市分别是哪些, "which
cities were surveyed") is then not answered by that sentence: the answer says the report does not list them and
counts as a refusal, with the counting sentence kept as the pointer.

A group is listed where the report names members beside it: a run of items ending just before it (环境、文化、扶贫
……等14个部门, 三井不动产、日建设计等公司), items announced just after it (包括, 分别为, a colon), a sentence
ending in a colon that announces them, or a list of that many items the report announces (`answer.lists`). What counts as asking for members (哪些, 分别是, 名单, "which", "name the")
and the English words for the report's heads of groups (cities: 城市) are in corpus/lexicon.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.question import QuestionAnalysis
from assistant.knowledge.lexicon import Lexicon, load_lexicon

# A counted group: a number or a vague amount with its measure word, and the words naming the group up to the
# next mark or 的 (多家互联网电商销售平台, 12个城市, 14个部门).
_GROUP = re.compile(r"(?<![第前\d.])(\d+|多|若干|一批|一系列|众多|诸多|数|几)\s*(?:个|家|项|座|所|位|名|类|种|批|款|处|条|大)"
                    r"([\u4e00-\u9fff]{2,12}?)(?=[，。；：:、的和与及（(\s]|$)")
# The members written before a group's count: items joined by 、 ending just before it, or closed by 等
# (荷藕种植面积、荷藕产量、荷藕出口量3项, 数据汇总系统……及信息提供系统的4个子系统, ……开发标准等多个标准规范).
_ITEMS_BEFORE_COUNT = re.compile(r"(?:、[^，。；、]{1,24}?(?:等|的|共)?|等)\s*$")
# The members written before a group's head: closed by 等, then at most a few words of the group's name
# (三井不动产、日建设计等公司, 健康申报、口罩预约等实用功能).
_ITEMS_BEFORE_HEAD = re.compile(r"等[^，。；、]{0,12}$")
# The members announced after a group: 包括, 如, 分别为 or a colon, then items.
_ITEMS_AFTER = re.compile(r"^[^，。；]{0,6}(?:包括|包含|涵盖|例如|比如|诸如|分别为|分别是|主要有|如下|：|:)[^。；]{0,40}[、，,]")
# The head of a group's name: its last two characters (互联网电商销售平台: 平台).
HEAD_CHARS = 2


@dataclass(frozen=True)
class CountedGroup:
    """A group a sentence counts without listing: its head word and the sentence."""

    head: str
    sentence: str


class MemberCheck:
    """Reads whether a question asks for the members of a group, and whether the report lists them."""

    def __init__(self, lexicon: Lexicon | None = None):
        lexicon = lexicon or load_lexicon()
        self._asks = lexicon.pattern("question.asks_members")
        self._heads_en = {head: [form.lower() for form in forms]
                          for head, forms in lexicon.forms("answer.member_heads_en").items()}

    def asks(self, analysis: QuestionAnalysis) -> bool:
        """Whether the question asks which things make up a group; not a question of several parts, whose parts
        are answered each on its own."""
        return not analysis.parts and bool(self._asks.search(analysis.standalone))

    def unlisted(self, analysis: QuestionAnalysis, sentences: list[str]) -> CountedGroup | None:
        """The group the question asks the members of that the sentences count but never list, or None: when no
        sentence counts a group the question names, or one of them lists its members."""
        counted = [group for sentence in sentences for group in self._groups(sentence)
                   if self._names(analysis, group.head)]
        if not counted:
            return None
        heads = {group.head for group in counted}
        if any(self._lists(sentence, head) for sentence in sentences for head in heads):
            return None
        return counted[0]

    def _groups(self, sentence: str) -> list[CountedGroup]:
        """The groups the sentence counts without naming their members beside them."""
        if sentence.rstrip().endswith(("：", ":")):
            return []  # the members follow
        groups = []
        for match in _GROUP.finditer(sentence):
            clause_before = re.split(r"[，。；]", sentence[:match.start()])[-1]
            if _ITEMS_BEFORE_COUNT.search(clause_before) or _ITEMS_AFTER.match(sentence[match.end():]):
                continue
            groups.append(CountedGroup(head=match.group(2)[-HEAD_CHARS:], sentence=sentence))
        return groups

    def _names(self, analysis: QuestionAnalysis, head: str) -> bool:
        """Whether the question names the group by its head (平台), in English by the lexicon's words for it."""
        if analysis.language == "zh":
            return head in analysis.standalone
        question = analysis.standalone.lower()
        return any(re.search(rf"\b{re.escape(form)}\b", question) for form in self._heads_en.get(head, ()))

    @staticmethod
    def _lists(sentence: str, head: str) -> bool:
        """Whether the sentence names members of a group with this head: items just before it or announced after."""
        for match in re.finditer(re.escape(head), sentence):
            clause_before = re.split(r"[，。；]", sentence[:match.start()])[-1]
            if _ITEMS_BEFORE_HEAD.search(clause_before) or _ITEMS_AFTER.match(sentence[match.end():]):
                return True
        return False
