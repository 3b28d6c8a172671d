"""Whether an answer names who holds the role a who-question asks about.

A who-question may name a role (市长是谁, 项目负责人是谁, 哪位专家设计的, 哪家公司承建的, who is the mayor, the
chief designer): the report answers it only where a sentence names that role in its own words (`answer.role_kin_zh`:
负责人, 主任, 局长 for a head; 发起, 启动, 联合 for a founder; a firm of the glossary for a firm's role: 日立), about the
place asked when the question names one.
A sentence about the place that names no such role (the city's population, for its mayor) does not; the answer
then says the report does not name the person and counts as a refusal, as for a figure it does not give.
"""

from __future__ import annotations

from assistant.answer.names import NameFinder
from assistant.answer.question import QuestionAnalysis
from assistant.knowledge.glossary import Glossary
from assistant.knowledge.lexicon import Lexicon, load_lexicon


class RoleCheck:
    """Reads the role a who-question asks about, and whether sentences name who holds it."""

    def __init__(self, lexicon: Lexicon | None = None, finder: NameFinder | None = None,
                 glossary: Glossary | None = None):
        """`finder` names the places of a sentence; without it a sentence about another place counts. `glossary`
        names the firms that hold a firm's role (`answer.roles_held_by_organisations`); a public body does not."""
        lexicon = lexicon or load_lexicon()
        self._kin = lexicon.forms("answer.role_kin_zh")
        self._held_by_organisations = set(lexicon.words("answer.roles_held_by_organisations"))
        self._firms = sorted({name for term in (glossary.terms if glossary else []) if term.firm
                              for name in [term.zh, *term.variants]}, key=len, reverse=True)
        self._finder = finder

    def asked(self, analysis: QuestionAnalysis) -> str | None:
        """The role the question asks who holds, or None (no role named, or a question of several parts, whose
        parts are answered each on its own)."""
        return None if analysis.parts else analysis.asked.role

    def gives(self, role: str, sentences: list[str], analysis: QuestionAnalysis) -> bool:
        """Whether one of the sentences names the role in the report's words (or, for a firm's role, an organisation
        the question does not name), and one of the places when the question asks about any."""
        return any(self._names_role(sentence, role, analysis.standalone) and self._about(sentence, analysis.places)
                   for sentence in sentences)

    def _names_role(self, sentence: str, role: str, question: str) -> bool:
        if any(word.lower() in sentence.lower() for word in self._kin.get(role, ())):
            return True
        return role in self._held_by_organisations and any(
            name in sentence and name not in question for name in self._firms)

    def _about(self, sentence: str, places: list[str]) -> bool:
        if not places or self._finder is None:
            return True
        return bool(set(self._finder.names(sentence, "places")) & set(places))
