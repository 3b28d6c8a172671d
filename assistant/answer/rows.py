"""Ranking, filtering and picking questions answered from the report's tables as rows, by code.

`RowsReader.read` looks at the analysed question: does it rank or pick (前三, 最低, 排第N, "top three", "came
last") or filter the case studies (by stage, domain or country), and which table is it about (a numbered table it
names, the words of a table's subject in corpus/lexicon.yaml `tables.subjects`, the domains and stages it names)?
It then sorts or filters the rows and writes the answer, each row with an [n] marker citing the passage the row is
read from. No model reads a flattened table to find a rank; when the rows do not answer, it returns None and the
pipeline goes on to the passages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.citations import AttributedSentence, Attribution
from assistant.answer.coverage import TableCoverage
from assistant.answer.question import QuestionAnalysis, numeral, orders_named
from assistant.knowledge.glossary import Glossary
from assistant.knowledge.lexicon import Lexicon, load_lexicon
from assistant.knowledge.tables import Row, RowTable
from assistant.messages import message
from assistant.schemas import Chunk, Citation
from assistant.text import numbers_in, squash


@dataclass
class Pick:
    """The rows a question asks for, from one table; `by_country` lists the cases' countries."""

    table: RowTable
    rows: list[Row]
    by_country: bool = False


Analyse = Callable[[str], QuestionAnalysis]


class RowsReader:
    """Answers ranking, filtering and picking questions from the index's tables."""

    def __init__(self, tables: list[RowTable], chunks: dict[str, Chunk], glossary: Glossary,
                 lexicon: Lexicon | None = None):
        self.tables = {table.id: table for table in tables}
        self.chunks = chunks
        self.glossary = glossary
        self.lexicon = lexicon or load_lexicon()
        self.subjects = self.lexicon.forms("tables.subjects")
        self.columns_en = {word: english for english, words in self.lexicon.forms("tables.columns_en").items()
                           for word in words}
        self.coverage = TableCoverage(glossary, self.lexicon)

    # -- the step's one call ----------------------------------------------------------------------------
    def read(self, analysis: QuestionAnalysis, analyse: Analyse | None = None) -> Attribution | None:
        """The cited answer from the rows, or None when the question does not rank, filter or pick rows. A
        multi-part question is answered from the rows only when every part is (`analyse` reads each part; a
        part that names no table is about the previous part's)."""
        if analyse is not None and len(analysis.parts) > 1:
            picks: list[Pick] = []
            for part in analysis.parts:
                asked = analyse(part)
                pick = self.pick(asked, inherited=picks[-1].table.id if picks else None)
                if pick is not None and pick.rows and picks and picks[-1].table.id == pick.table.id:
                    merged = picks[-1].rows + [row for row in pick.rows if row not in picks[-1].rows]
                    picks[-1] = Pick(pick.table, merged, picks[-1].by_country or pick.by_country)
                elif pick is not None and pick.rows:
                    picks.append(pick)
                elif not picks or not self._follows_on(asked) or self.lacks(asked, picks[-1].table):
                    return None
            return self.write(picks, analysis.language)
        pick = self.pick(analysis)
        return self.write([pick], analysis.language) if pick is not None and pick.rows else None

    def pick(self, analysis: QuestionAnalysis, inherited: str | None = None) -> Pick | None:
        """The table the question is about and the rows it asks for, or None. `inherited` is the table of the
        question before, for a part that names none."""
        question = analysis.standalone
        beyond = analysis.unknown_place or analysis.time_bound or analysis.procedure
        if beyond or self.lexicon.pattern("tables.not_a_pick").search(question):
            return None
        countries = {row.cells[1] for row in self.tables["cases"].rows} if "cases" in self.tables else set()
        if any(place not in countries for place in analysis.places) or self._names_organisation(question):
            return None  # a question about one city or organisation is answered from its passages
        for choose in (self._numbered, self._cases, self._challenges, self._domains):
            if (pick := choose(analysis, question, inherited)) is not None:
                return None if self.lacks(analysis, pick.table) else pick
        return None

    def lacks(self, analysis: QuestionAnalysis, table: RowTable) -> bool:
        """True when the question asks for something the table's title, column labels and row labels do not
        hold (a measure it has no column for, a row it does not list): its rows are not the answer."""
        return bool(self.coverage.missing(analysis.standalone, table))

    def missing_from_cited(self, analysis: QuestionAnalysis, cited: set[str]) -> list[str]:
        """What the question asks of a printed table of figures that the table does not hold, when the question
        names the table by its number, or when the answer cites the table's passages and the question names its
        subject and asks for a figure or a top row (an English one only by its number: the glossary names too few
        of a table's row labels in English to tell a row it lacks). [] otherwise, and for a question asking why,
        how or whether."""
        question = analysis.standalone
        if analysis.asked.kind == "yes_no" or self.lexicon.pattern("tables.not_a_pick").search(question):
            return []
        named = self._named_table(question)
        for table in self.tables.values():
            about = table.id == named or not named and analysis.language != "en" and analysis.asked.kind in (
                "quantity", "top") and self._about(question, table.id)
            printed = table.id.startswith("表") and table.rank is not None
            if about and printed and (table.id == named or _cites(table, cited)):
                return self.coverage.missing(question, table)
        return []

    def _follows_on(self, part: QuestionAnalysis) -> bool:
        """True when a later part of a question asks more about the rows already picked ("得了多少分？",
        "第二、第三呢？"): it names nothing of its own and asks no why or how."""
        question = part.standalone
        names = part.places or part.domains or part.stages
        subject = any(self._about(question, table_id) for table_id in self.subjects) or any(
            self.lexicon.pattern(f"tables.{entry}").search(question)
            for entry in ("table_number", "case_subject", "not_a_pick"))
        return not names and not subject

    def _names_organisation(self, question: str) -> bool:
        organisations = [term for term in self.glossary.terms if term.group == "organisations"]
        return any(form in question for term in organisations for form in [term.zh, *term.variants]) or any(
            term.group == "organisations" for term in self.glossary.matching_terms(question))

    # -- which table, which rows ------------------------------------------------------------------------
    def _numbered(self, analysis: QuestionAnalysis, question: str, inherited: str | None) -> Pick | None:
        """A numbered table the question names (表3, "Table 1"): its rows ranked or picked, or all of them
        when it asks which rows the table has."""
        match = self.lexicon.pattern("tables.table_number").search(question)
        table = self.tables.get(f"表{next(group for group in match.groups() if group)}") if match else None
        if table is None:
            return None
        if table.rank is not None and self._ranks(analysis, question):
            return Pick(table, self._ranked_rows(table, analysis, question))
        if self._about(question, table.id, inherited) and self._picks(question):
            return Pick(table, table.ranked())
        return None

    def _cases(self, analysis: QuestionAnalysis, question: str, inherited: str | None) -> Pick | None:
        """The case studies of a stage (or from one stage to another), of a domain or of a country."""
        table = self.tables.get("cases")
        about = inherited == "cases" or self.lexicon.pattern("tables.case_subject").search(question)
        if table is None or not about or not self._picks(question):
            return None
        countries = {row.cells[1] for row in table.rows}
        if self.lexicon.pattern("tables.asks_country").search(question):
            return Pick(table, table.rows, by_country=True)
        named_countries = [place for place in analysis.places if place in countries]
        domains = self._domains_named(analysis, question)
        if not (analysis.stages or domains or named_countries):
            return None
        rows = table.rows
        if domains:
            rows = [row for row in rows if row.cells[table.group] in domains]
        if named_countries:
            rows = [row for row in rows if row.cells[1] in named_countries]
        stages = sorted(analysis.stage_numbers)
        if len(stages) >= 2:
            rows = [row for row in rows if (int(row.cells[4]), int(row.cells[5])) == (stages[0], stages[-1])]
        elif stages:
            rows = [row for row in rows if int(row.cells[5]) == stages[0]]
        return Pick(table, rows)

    def _challenges(self, analysis: QuestionAnalysis, question: str, inherited: str | None) -> Pick | None:
        """表1's challenges ranked or picked by their rank."""
        table = self.tables.get("表1")
        if table is None or not self._about(question, "表1", inherited) or not self._ranks(analysis, question):
            return None
        return Pick(table, self._ranked_rows(table, analysis, question))

    def _domains(self, analysis: QuestionAnalysis, question: str, inherited: str | None) -> Pick | None:
        """The survey's ranking of 3.1: a named domain's ranked items, or the domains by attention."""
        items, ranking = self.tables.get("domain_items"), self.tables.get("domain_ranking")
        domains = self._domains_named(analysis, question)
        if not self._ranks(analysis, question) or (not domains and not self._about(question, "domain_ranking", inherited)):
            return None
        if items is not None and len(domains) == 1:
            own = [row for row in items.ranked() if row.cells[items.group] == domains[0]]
            named_item = any(squash(row.cells[items.key])[:4] in squash(question) for row in own)
            asks_place = self.lexicon.pattern("tables.asks_place").search(question)
            if own and (named_item or self._about(question, "domain_items", inherited) or not asks_place):
                return Pick(items, own)
        if ranking is None:
            return None
        return Pick(ranking, self._ranked_rows(ranking, analysis, question, domains))

    def _domains_named(self, analysis: QuestionAnalysis, question: str) -> list[str]:
        """The domains the question names; in English also by the glossary's everyday names of a domain
        ("the infrastructure domain"), which name a domain in a question about a table."""
        if analysis.domains or analysis.language != "en":
            return analysis.domains
        return [term.zh for term in self.glossary.matching_terms(question) if term.group == "domains"]

    def _ranked_rows(self, table: RowTable, analysis: QuestionAnalysis, question: str,
                     domains: list[str] = ()) -> list[Row]:
        """The rows a ranking question asks for: the rows it names (to say their rank), the ranks it names,
        the first or last N, the first or the last, else all of them in order."""
        ranked = table.ranked()
        named = [row for row in ranked if row.cells[table.key] in domains] or self._named_rows(table, question)
        if named:
            return named
        positions = self.positions(question)
        if positions:
            return [row for row in ranked if table.rank_of(row) in positions]
        asked = analysis.asked
        named = orders_named(self.lexicon, question)
        high = asked.order == "high" or "high" in named
        low = asked.order == "low" or "low" in named or bool(self.lexicon.pattern("tables.last").search(question))
        last = max((table.rank_of(row) or 0) for row in ranked)
        if asked.top_n:
            wanted = range(last - asked.top_n + 1, last + 1) if low else range(1, asked.top_n + 1)
            return [row for row in ranked if table.rank_of(row) in wanted]
        if self.lexicon.pattern("tables.asks_ordering").search(question):
            return ranked
        if high and low:  # 最高和最低, the most and the least: both ends
            return [row for row in ranked if table.rank_of(row) in (1, last)]
        if low:
            return [row for row in ranked if table.rank_of(row) == last]
        if high:
            return [row for row in ranked if table.rank_of(row) == 1]
        return ranked if asked.listing else []

    def _named_rows(self, table: RowTable, question: str) -> list[Row]:
        """The rows whose name the question quotes in part: the longest run of at least four characters shared
        with a row's name, not a run of the table's caption (数字化转型), held by one row only."""
        caption = squash(table.caption)
        asked = squash(question)
        best: dict[int, list[Row]] = {}
        for row in table.rows:
            run = _longest_shared_run(squash(row.cells[table.key]), asked)
            if len(run) >= 4 and run not in caption:
                best.setdefault(len(run), []).append(row)
        if not best:
            return []
        rows = best[max(best)]
        return rows if len(rows) == 1 else []

    def positions(self, question: str) -> list[int]:
        """The places in a ranking the question names (第4名, 排第二, "fourth", "number one")."""
        found = []
        for match in self.lexicon.pattern("tables.positions").finditer(question):
            word = next((group for group in match.groups() if group), None)
            value = numeral(word) if word else None
            if value is not None and value not in found:
                found.append(value)
        return found

    def _ranks(self, analysis: QuestionAnalysis, question: str) -> bool:
        asked = analysis.asked
        return bool(asked.order or asked.top_n or asked.rank or self.positions(question)
                    or self.lexicon.pattern("tables.asks_rank").search(question)
                    or self.lexicon.pattern("tables.last").search(question))

    def _picks(self, question: str) -> bool:
        return bool(self.lexicon.pattern("tables.picks").search(question))

    def about_cited(self, analysis: QuestionAnalysis, cited: set[str]) -> bool:
        """Whether the passages cited hold rows of a table the question is about: one it names by number, or
        whose subject it names."""
        question = analysis.standalone
        named = self._named_table(question)
        return any(_cites(table, cited) and (table.id == named or self._about(question, table.id))
                   for table in self.tables.values())

    def _named_table(self, question: str) -> str | None:
        """The table a question names by its number (表2, "Table 2"), as 表N."""
        match = self.lexicon.pattern("tables.table_number").search(question)
        return f"表{next(group for group in match.groups() if group)}" if match else None

    def _about(self, question: str, table_id: str, inherited: str | None = None) -> bool:
        """True when the question uses a word of the table's subject, or is a later part about that table."""
        if table_id == inherited:
            return True
        lowered = question.lower()
        return any(re.search(rf"(?<![a-z]){re.escape(word.lower())}(?![a-z])", lowered)
                   for word in self.subjects.get(table_id, ()))

    # -- the answer -------------------------------------------------------------------------------------
    def write(self, picks: list[Pick], language: str) -> Attribution:
        """The answer: for each pick a lead naming the table, then one line per row (per country when the
        countries are asked), each line with the [n] markers of the passages it is read from."""
        passages: list[Chunk] = []
        blocks: list[str] = []
        sentences: list[AttributedSentence] = []
        for pick in picks:
            lines = []
            for text, rows in self._lines(pick, language):
                sources = []
                for row in rows:
                    chunk = self.chunks[row.chunk_id]
                    if chunk not in passages:
                        passages.append(chunk)
                    if passages.index(chunk) not in sources:
                        sources.append(passages.index(chunk))
                line = text + "".join(f"[{source + 1}]" for source in sources)
                lines.append(f"- {line}")
                sentences.append(AttributedSentence(text=line, sources=sources, support=1.0))
            first = self.chunks[pick.rows[0].chunk_id]
            blocks.append(self._lead(pick.table, first, language) + "\n" + "\n".join(lines))
        citations = [
            Citation(n=n, section=chunk.section, title=chunk.title, page=chunk.page, text=chunk.text, chunk_id=chunk.id,
                     supporting=[s.text for s in sentences if n - 1 in s.sources])
            for n, chunk in enumerate(passages, start=1)
        ]
        return Attribution(text="\n".join(blocks), citations=citations, flagged=[], sentences=sentences)

    def _lines(self, pick: Pick, language: str) -> list[tuple[str, list[Row]]]:
        """The answer's lines with the rows each is read from: one per row, or one per country."""
        if not pick.by_country:
            return [(self._line(pick.table, row, language), [row]) for row in pick.rows]
        countries: dict[str, list[Row]] = {}
        for row in pick.rows:
            countries.setdefault(row.cells[1], []).append(row)
        separator = message(language, "rows_list_separator")
        return [(message(language, "rows_country", country=self._name(country, language),
                         cities=separator.join(dict.fromkeys(self._name(row.cells[0], language) for row in rows))), rows)
                for country, rows in countries.items()]

    def _lead(self, table: RowTable, first: Chunk, language: str) -> str:
        """The answer's opening: which table or section the rows are read from, by its title. Its number and
        page are left to the sources, so the opening states no number its passages do not."""
        if table.id == "cases":
            return message(language, "rows_cases_lead")
        if table.id.startswith("表"):
            caption = re.sub(r"^表\s*\d+\s*", "", table.caption)
            if any(number not in first.text for number in numbers_in(caption)):
                caption = re.sub(r"\d+\s*", "", caption)  # a count in the caption that its rows' passage never writes
            name = message(language, "rows_table_name", caption=caption)
        else:
            name = message(language, "rows_section_name", title=first.title)
        return message(language, "rows_lead", caption=name)

    def _line(self, table: RowTable, row: Row, language: str) -> str:
        name = self._name(row.cells[table.key], language)
        if table.id == "cases":
            city, country, domain, case, first, last, stages = row.cells
            if language == "en":
                stages = message(language, "rows_stages" if first != last else "rows_stage", first=_STAGE_WORDS_EN[int(first)],
                                 last=_STAGE_WORDS_EN[int(last)], label=stages)
            return message(language, "rows_case", city=self._name(city, language), country=self._name(country, language),
                           domain=self._name(domain, language), case=case, stages=stages)
        rest = [self._cell(table, position, value, language) for position, value in enumerate(row.cells)
                if position not in (table.key, table.rank) and value and value != "●" and not _is_number_column(table, position)]
        if table.group is not None:
            rest = []
        details = message(language, "rows_details", cells=message(language, "rows_cell_separator").join(rest)) if rest else ""
        rank = table.rank_of(row)
        if rank is None:
            return name + details
        return message(language, "rows_ranked", rank=str(rank), name=name, details=details)

    def _cell(self, table: RowTable, position: int, value: str, language: str) -> str:
        label = table.columns[position]
        if label.startswith("#"):
            return value
        if language == "en":
            label = self.columns_en.get(label, label)
        return message(language, "rows_labelled", label=label, value=value)

    def _name(self, text: str, language: str) -> str:
        """The text as written (Chinese); in English, the glossary's English names with the Chinese once."""
        return self._english(text) if language == "en" else text

    def _english(self, text: str) -> str:
        """The glossary's English names of the terms in the text, then the text itself in parentheses."""
        names: list[str] = []
        rest = text
        for term in sorted(self.glossary.terms, key=lambda term: -len(term.zh)):
            if term.en and term.zh in rest:
                names.append(term.en[0])
                rest = rest.replace(term.zh, " ")
        if not names:
            return text
        return f"{' / '.join(names)} ({text})"


def _longest_shared_run(name: str, text: str) -> str:
    """The longest run of characters of the name that the text contains."""
    best = ""
    for start in range(len(name)):
        for end in range(start + len(best) + 1, len(name) + 1):
            if name[start:end] not in text:
                break
            best = name[start:end]
    return best


def _is_number_column(table: RowTable, position: int) -> bool:
    """A column of row numbers (表2's 1-8), which the rank already says."""
    return table.columns[position].startswith("#") and all(row.cells[position].isdigit() for row in table.rows)


def _cites(table: RowTable, cited: set[str]) -> bool:
    """Whether the cited passages hold one of the table's rows."""
    return any(row.chunk_id in cited for row in table.rows)


# A case's stages in English words (stage two), as its Chinese title writes them (阶段二), not in digits.
_STAGE_WORDS_EN = {1: "one", 2: "two", 3: "three"}
