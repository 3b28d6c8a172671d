"""Data that crosses module boundaries, with the same field names in the chain, the CLI JSON, the UI and eval."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Language = Literal["zh", "en"]
Stage = Literal[1, 2, 3]


class Chunk(BaseModel):
    """A passage of the report, never crossing a section or case boundary."""

    id: str
    text: str = Field(description="The passage as it reads in the repaired report.")
    section: str = Field(description="Section number such as '3.3', '1', 'appendix', 'endnotes'.")
    title: str = Field(description="Title of the section.")
    heading_path: list[str] = Field(default_factory=list, description="Headings from the chapter down.")
    page: int | None = Field(None, description="Page from the table of contents.")
    city: str | None = None
    domain: str | None = Field(None, description="One of the seven domains, where the passage belongs to one.")
    stage_label: str | None = Field(None, description="Stage label the report gives, e.g. 阶段一至阶段二.")
    context: str = Field("", description="Text searched with the passage but not part of it (a table's header).")
    kind: Literal["text", "table"] = "text"
    order: int = Field(0, description="Position in the report, for reading order.")

    @property
    def title_line(self) -> str:
        """The case title the passage opens with (a case's first passage), or ''."""
        title = self.heading_path[-1] if self.heading_path else ""
        return title if title and self.text.startswith(title) else ""

    def embedding_text(self) -> str:
        """The text that is embedded: the heading path, then the passage (a case's title once, though it also
        opens the passage)."""
        lead = " > ".join(self.heading_path[:-1] if self.title_line else self.heading_path)
        if self.context:
            lead += "\n" + self.context
        return lead + "\n" + self.text


class RetrievedChunk(BaseModel):
    """A chunk with its place in a ranking."""

    chunk: Chunk
    rank: int
    score: float
    dense_score: float | None = Field(None, description="Cosine similarity of the dense side, when it found the chunk.")


class Citation(BaseModel):
    """A numbered source of an answer; n is 1-based and matches the marker [n] in the text."""

    n: int
    section: str
    title: str
    page: int | None
    text: str
    chunk_id: str = ""
    supporting: list[str] = Field(default_factory=list, description="Sentences of the answer that this passage supports.")


class Timings(BaseModel):
    retrieve_ms: float = 0.0
    first_token_ms: float | None = None
    total_ms: float = 0.0
    steps: dict[str, float] = Field(default_factory=dict, description="Milliseconds of each step of the answer pipeline.")


class Answer(BaseModel):
    """An answer with its citations, or a refusal."""

    question: str
    answer: str
    refused: bool = False
    engine: str
    language: Language = "zh"
    citations: list[Citation] = Field(default_factory=list)
    flagged: list[str] = Field(default_factory=list, description="Sentences without support in the cited passages.")
    standalone_question: str | None = Field(None, description="The question after follow-up rewriting.")
    timings: Timings = Field(default_factory=Timings)
    notice: str | None = Field(None, description="Something the user should know, e.g. an engine fallback.")


class ChatTurn(BaseModel):
    """One exchange of a conversation, used as history for follow-ups."""

    question: str
    answer: str = ""
    standalone_question: str | None = None
