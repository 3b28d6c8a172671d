"""Okapi BM25 over pre-tokenised passages, small enough to keep in memory and in a JSON file."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path


class BM25Index:
    """BM25 scores of a tokenised query against tokenised documents."""

    def __init__(self, ids: list[str], documents: list[list[str]], k1: float = 1.5, b: float = 0.75):
        self.ids = ids
        self.documents = documents
        self.k1, self.b = k1, b
        self._frequencies = [Counter(doc) for doc in documents]
        self._lengths = [len(doc) for doc in documents]
        self._average = (sum(self._lengths) / len(documents)) if documents else 0.0
        document_frequency: Counter[str] = Counter()
        for frequencies in self._frequencies:
            document_frequency.update(frequencies.keys())
        count = len(documents)
        self._idf = {
            term: math.log(1 + (count - df + 0.5) / (df + 0.5)) for term, df in document_frequency.items()
        }

    def search(self, query: list[str], limit: int) -> list[tuple[str, float]]:
        """The best documents for the query tokens, as (id, score), best first; zero scores left out."""
        scores = []
        terms = [term for term in dict.fromkeys(query) if term in self._idf]
        for index, frequencies in enumerate(self._frequencies):
            score = 0.0
            norm = self.k1 * (1 - self.b + self.b * self._lengths[index] / (self._average or 1))
            for term in terms:
                tf = frequencies.get(term, 0)
                if tf:
                    score += self._idf[term] * tf * (self.k1 + 1) / (tf + norm)
            if score > 0:
                scores.append((self.ids[index], score))
        scores.sort(key=lambda pair: -pair[1])
        return scores[:limit]

    def save(self, path: Path) -> None:
        """Write the tokenised documents as JSON."""
        path.write_text(json.dumps({"ids": self.ids, "documents": self.documents}, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> BM25Index:
        """Read an index written by save."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["ids"], data["documents"])
