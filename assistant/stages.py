"""Placing a city in stage 1, 2 or 3 of a domain from an official's own description of it.

`StageJudge.judge` needs no language model: it compares the description's sentences with the report's
characteristics of each stage (embeddings) and adds cue phrases typical of each stage, where a negated cue
("还没有建立统一平台") counts against its stage instead of for it. `judge_with_llm` asks a chat model and
falls back to the same judge when the model's answer is unusable.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field, ValidationError

from assistant.errors import AssistantError, BadInput
from assistant.knowledge.framework import STAGE_LABELS, Domain, Framework, resolve_domain
from assistant.schemas import Stage
from assistant.settings import PathSettings, Settings
from assistant.text import clean_input, squash


# -- cue phrases -------------------------------------------------------------------------------------------
# Phrases the report (3.2-3.9) uses for each stage, with the everyday synonyms officials use for them.
# Weight 2 marks phrases that by themselves place a city (数字孪生, 首席数据官 ...).
_GENERAL_CUES: dict[int, list[tuple[str, float]]] = {
    1: [
        (r"各自|各管各|各建各|各搞各|各用各|分头|各自为[政战]|自建自用|自建(系统|机房)|自己(建|开发|装|管)", 1.0),
        (r"分别(自建|建设|开发|管理|负责|治理|提供)|单项|单一部门|单个部门|个别(部门|企业|场景|业务)|少数(几个)?(部门|企业)", 1.0),
        (r"分散|零散|碎片化|孤岛|烟囱|壁垒|条块分割|[不没]互通|不打通|彼此不通|互不相通", 1.0),
        (r"点对点|一对一|两两对接|局部|两张皮|线上线下分离|纸质", 1.0),
        (r"its own|their own|on their own|separate(ly)?|silo|stand-?alone|bilateral|point-to-point|piecemeal"
         r"|fragmented|a (few|handful|couple)|single[- ]department|one at a time", 1.0),
    ],
    2: [
        (r"统一的?[^，,；;。]{0,6}(平台|入口|门户|政务云)|一个入口|同一个?(平台|入口|APP)|一站式|一网通办|一件事|只跑一次|最多跑一次", 1.5),
        (r"跨部门|跨层级|跨系统|部门间共享|共享(机制|制度|交换|通道|流程)|数据共享|基础(数据)?库", 1.0),
        (r"整合|聚合|汇聚|汇集|协同(办公|处置|推进|治理)|联动", 1.0),
        (r"产业互联网|产业链|上下游|产供销|以需定产|按需生产|订单", 1.0),
        (r"领导小组|市长|全市(层面)?的?(数字化)?(转型|发展)?规划|统筹", 1.0),
        (r"政务云|城市级|全市统一|(全市|全县|区域|城市)(层面|范围)|整体智能化|安全运营|运行管理中心|指挥中心", 1.0),
        (r"反馈|评价|打分|满意度|双向|随手拍|上报|网格", 1.0),
        (r"unified|single (city )?(portal|platform|entry)|one[- ]stop|cross[- ]department|citywide|city-wide"
         r"|data[- ]sharing|shar(ed|es) (by|across)|industrial internet|whole chain|supply chain|steering group"
         r"|mayor|government cloud|security operations|operations cent(re|er)|feedback|rate each", 1.0),
    ],
    3: [
        (r"共建共享|共建共治|共治|共同(参与|创造|创新|设计|运营|打造|推进)|多方(共同|参与|主体)|多元(主体|参与|化)|全社会|一起(设计|迭代|参与)|共创", 1.5),
        (r"(城市级?)?操作系统|数字孪生|城市信息模型|首席数据官|自进化|自我?(感知|学习|优化|评估|触发|改进|进化)|持续进化|有机体|生命体", 2.0),
        (r"碳中和|碳普惠|碳积分|碳账户|智能电网|碳排放", 2.0),
        (r"敏捷|迭代|生态|全覆盖|所有人群|各类人群", 1.0),
        (r"co-?creat|co-?design|jointly|digital twin|operating system|chief data officer|carbon[- ]neutral|carbon credit"
         r"|ecosystem|self-(learning|optimi|evolv)|learns", 1.0),
    ],
}
_DOMAIN_CUES: dict[str, dict[int, list[tuple[str, float]]]] = {
    # Stage-3 characteristics the report gives only for one domain (3.3-3.9) are cues only there.
    "services": {
        3: [(r"主动(推送|服务|识别|发现|提醒)|个性化|精准(推送|服务|识别)|沉浸式|增强现实|虚拟现实|\bAR\b|\bVR\b"
             r"|anticipat|proactive|personali[sz]ed|immersive|augmented reality|virtual reality", 1.0)],
    },
    "industry": {
        1: [(r"龙头企业|领军企业|大企业|企业(自身|内部|自己|自主)|私有云|\bERP\b|\bMES\b|leading (firms|manufacturers|companies)", 1.0)],
        3: [(r"跨业态|辐射|周边[^，,；;。]{0,3}(服务)?[行产]?业|带动[^，,；;。]{0,12}(服务业|业态)|都市圈|城市群|区域(协同|一体)"
             r"|灵活就业|创新平台|metropolitan|innovation platform", 1.0)],
    },
    "governance": {
        3: [(r"预测|预判|提前(调度|干预|研判)|城乡(一体|融合)|跨区域融合|模拟(推演|优化)|predict|forecast", 1.0)],
    },
    "environment": {
        1: [(r"环保(局|部门)|环境保护部门|生态环境局|监测站|监测点|environment (bureau|department)", 1.0)],
        2: [(r"多个?部门(协同|共建|一起)|(绿色|清洁)能源|实时感知|several departments", 1.0)],
    },
    "government": {
        1: [(r"U盘|打报告|拷贝|纸质", 1.0)],
        2: [(r"协同办公", 1.0)],
        3: [(r"向社会[^，,；;。]{0,4}开放|开放数据|数据开放|有序开放|一张网|一网协同|实时互动|opened to the public|open data", 1.0)],
    },
    "infrastructure": {
        1: [(r"机房|防火墙|摄像头|显示屏|电子屏|server rooms?|firewall", 1.0)],
        3: [(r"联防联控|反向控制|远程(调控|控制)|模拟(推演|优化)|仿真|一体化集成|simulat|neighbouring cities", 1.0)],
    },
    "enablers": {
        1: [(r"信息(中心|办|化部门|化主管部门)|某个部门|IT (office|department)", 1.0)],
        3: [(r"专门[^，,；;。]{0,6}(局|机构|组织)|政策体系|标准(规范)?体系|dedicated [a-z ]*(agency|office|body)", 1.0)],
    },
}
# Negation before a cue (还没有建立统一平台) or after it (数据共享不足, 统一平台尚未建成) turns it against its stage.
_NEGATION_BEFORE = re.compile(
    r"尚未|还未|未能|并未|未曾|未(?!来)|没有|没能|还没|不曾|缺乏|缺少|无法|不能|谈不上|并非|不是|"
    r"\bnot\b|n't\b|\bno\b|\bnever\b|\bwithout\b|\black\b|\byet to\b",
    re.IGNORECASE,
)
_NEGATION_AFTER = re.compile(
    r"^[^，,；;。]{0,4}(不足|不够|不强|较低|很低|不高|有限|欠缺|不畅|难)"
    r"|^[^，,；;。]{0,12}(尚未|还未|还没有?|没有|并未|未能)(?!来)|^[^,;.]{0,30}\b(is|are|has|have) (not|yet to)\b"
)
_NO_LONGER = re.compile(r"不再|no longer", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:\n]+|(?<=[A-Za-z])\.\s+")
_PAST = re.compile(r"以前|过去|之前|原来|此前|早先|起初|曾经|前几年|previously|used to|in the past|\bbefore\b", re.IGNORECASE)
_PRESENT = re.compile(r"现在|目前|如今|眼下|已经|\bnow\b|today|currently", re.IGNORECASE)
_PAST_WEIGHT = 0.3
_NEGATED_CLAUSE_WEIGHT = 0.2
_MATCH_MARGIN = 0.02  # characteristics this close to the best one are reported as matched too
MAX_DESCRIPTION_CHARS = 4000  # every sentence is embedded: a pasted document would hold a worker for minutes


@dataclass(frozen=True)
class CueHit:
    """A cue phrase found in the description, and the stage it counts for after negation."""

    label: str
    stage: int
    counts_for: int
    negated: bool
    weight: float
    time_weight: float

    def describe(self) -> str:
        """One line for the reasons of a judgement."""
        if self.negated:
            return f"“{self.label}”前后有否定，不计为{STAGE_LABELS[self.stage]}，计为{STAGE_LABELS[self.counts_for]}"
        return f"“{self.label}”是{STAGE_LABELS[self.stage]}的特征"


def split_clauses(text: str) -> list[str]:
    """The description cut at commas and sentence ends: the scope of a negation."""
    return [part.strip() for part in _CLAUSE_END.split(text) if part.strip()]


def time_weights(clauses: list[str]) -> list[float]:
    """1.0 per clause, lower for clauses about the past when the description also speaks of the present."""
    text = "".join(clauses)
    if not (_PAST.search(text) and _PRESENT.search(text)):
        return [1.0] * len(clauses)
    weights, past = [], False
    for clause in clauses:
        if _PRESENT.search(clause):
            past = False
        elif _PAST.search(clause):
            past = True
        weights.append(_PAST_WEIGHT if past else 1.0)
    return weights


@lru_cache(maxsize=16)
def _cue_table(domain_key: str) -> list[tuple[int, re.Pattern, float]]:
    table = []
    for source in (_GENERAL_CUES, _DOMAIN_CUES.get(domain_key, {})):
        for stage, patterns in source.items():
            table += [(stage, re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in patterns]
    return table


def find_cues(clauses: list[str], weights: list[float], domain_key: str) -> list[CueHit]:
    """Every cue phrase in the clauses; a negated cue of stage 2 or 3 counts for stage 1, a negated stage-1 cue for none."""
    hits = []
    table = _cue_table(domain_key)
    for clause, time_weight in zip(clauses, weights):
        for stage, pattern, weight in table:
            for match in pattern.finditer(clause):
                before, after = clause[: match.start()], clause[match.end():]
                negated = bool(_NEGATION_BEFORE.search(before[-40:] if before.isascii() else before[-12:]))
                negated = negated or bool(_NEGATION_AFTER.search(after))
                if stage == 1 and _NO_LONGER.search(before):
                    negated = True
                if negated and stage == 1:
                    continue
                counts_for = 1 if negated else stage
                hits.append(CueHit(match.group(0), stage, counts_for, negated, weight, time_weight))
    return hits


class StageJudgement(BaseModel):
    """Where a description places the city in one domain, and why."""

    domain: str = Field(description="English key of the domain, e.g. 'services'.")
    stage: Stage
    confidence: float = Field(ge=0.0, le=1.0)
    matched: list[str] = Field(default_factory=list, description="Characteristics of the stage that matched, quoted.")
    reasons: list[str] = Field(default_factory=list)
    engine: str = Field("local", description="'local' (embeddings and cues) or 'llm'.")


class _LLMAnswer(BaseModel):
    """The reply a chat model is asked for."""

    stage: Stage
    confidence: float = Field(0.5, ge=0.0, le=1.0)
    matched: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)


class StageJudge:
    """Judges the stage of a described situation against the framework; embeddings plus cue phrases."""

    def __init__(
        self,
        framework: Framework,
        embedder: Embeddings,
        *,
        prompts_dir: Path | None = None,
        cue_weight: float = 1.2,
        similarity_scale: float = 0.01,
    ):
        self.framework = framework
        self.embedder = embedder
        self.prompts_dir = prompts_dir or PathSettings().prompts_dir
        self.cue_weight = cue_weight
        self.similarity_scale = similarity_scale
        self._references: dict[str, tuple[list[int], list[str], list[str], np.ndarray]] = {}

    # -- the local judge -------------------------------------------------------------------------------

    def judge(self, domain: str, description: str) -> StageJudgement:
        """The stage (1-3) the description corresponds to in `domain`, with the characteristics that matched."""
        target, text = self._prepare(domain, description)
        clauses = split_clauses(text)
        weights = time_weights(clauses)
        # Embeddings do not read negation ("还没有统一平台" lies close to 统一平台): such clauses count less there.
        embedding_weights = [
            weight * (_NEGATED_CLAUSE_WEIGHT if _NEGATION_BEFORE.search(clause) else 1.0)
            for clause, weight in zip(clauses, weights)
        ]
        similarity, best_refs = self._similarities(target, clauses, embedding_weights)
        hits = find_cues(clauses, weights, target.key)
        cue_scores = _cue_scores(hits)
        totals = similarity / self.similarity_scale + self.cue_weight * cue_scores
        stage = int(np.argmax(totals)) + 1
        probabilities = np.exp(totals - totals.max())
        probabilities /= probabilities.sum()
        return StageJudgement(
            domain=target.key,
            stage=stage,
            confidence=round(float(probabilities[stage - 1]), 3),
            matched=[f"“{quote}”" for quote in best_refs[stage - 1]],
            reasons=_reasons(stage, hits, similarity),
        )

    def _prepare(self, domain: str, description: str) -> tuple[Domain, str]:
        target = resolve_domain(self.framework, domain)
        text = clean_input(description or "")
        if not text:
            raise BadInput("the description is empty: describe the city's current situation in this domain")
        if len(text) > MAX_DESCRIPTION_CHARS:
            raise BadInput(f"the description is too long ({len(text)} characters; at most {MAX_DESCRIPTION_CHARS}): "
                           "describe the situation in a few sentences")
        if not re.search(r"\w", text):
            raise BadInput("the description has no words: describe the city's current situation in this domain")
        return target, text

    def _reference_set(self, domain: Domain) -> tuple[list[int], list[str], list[str], np.ndarray]:
        """(stage, text, quote) of every characteristic of the domain, and their embeddings, computed once."""
        if domain.key not in self._references:
            stages, texts, quotes = [], [], []
            for number, spec in domain.stages.items():
                stages.append(number)
                texts.append(spec.summary)
                quotes.append("")
                for item in spec.characteristics():
                    stages.append(number)
                    texts.append(item.text)
                    quotes.append(item.quote)
            # Description and characteristic are compared as peers, so both sides get e5's "query:" form.
            vectors = np.asarray([self.embedder.embed_query(text) for text in texts], dtype=np.float32)
            self._references[domain.key] = (stages, texts, quotes, vectors)
        return self._references[domain.key]

    def _similarities(
        self, domain: Domain, clauses: list[str], weights: list[float]
    ) -> tuple[np.ndarray, list[list[str]]]:
        """Per stage, the weighted mean over the description's sentences of their best similarity to the stage."""
        stages, _, quotes, references = self._reference_set(domain)
        units, unit_weights = _sentences(clauses, weights)
        vectors = np.asarray([self.embedder.embed_query(unit) for unit in units], dtype=np.float32)
        sims = vectors @ references.T
        stage_index = np.asarray(stages)
        scores = np.zeros(3)
        best: list[list[str]] = []
        for number in (1, 2, 3):
            columns = np.flatnonzero(stage_index == number)
            per_unit = sims[:, columns].max(axis=1)
            scores[number - 1] = float(np.average(per_unit, weights=unit_weights))
            # The characteristics of this stage close to some sentence of the description, best first.
            column_best = sims[:, columns].max(axis=0)
            order = [i for i in np.argsort(-column_best) if quotes[columns[i]]]
            near = [i for i in order if column_best[i] >= column_best[order[0]] - _MATCH_MARGIN] if order else []
            best.append([quotes[columns[i]] for i in near[:3]])
        return scores, best

    # -- the LLM judge ---------------------------------------------------------------------------------

    def judge_with_llm(self, domain: str, description: str, chat_model: BaseChatModel) -> StageJudgement:
        """Ask the chat model (prompt prompts/stage_judge.zh.txt); fall back to `judge` if its reply is unusable."""
        from assistant.prompts import load_prompt

        target, text = self._prepare(domain, description)
        messages = load_prompt(self.prompts_dir, "stage_judge", "zh").render(
            domain=target.zh, stages=_stage_sheet(target), description=text
        )
        answer = _ask(chat_model, messages)
        if answer is None:
            fallback = self.judge(target.key, text)
            fallback.reasons.insert(0, "语言模型的回答无法解析，改用本地（向量+特征词）判断。")
            return fallback
        known = {squash(item.quote): item.quote for spec in target.stages.values() for item in spec.characteristics()}
        known.update({squash(item.text): item.quote for spec in target.stages.values() for item in spec.characteristics()})
        matched = []
        for claim in answer.matched:
            key = squash(claim.strip("“”\"'「」"))
            quote = known.get(key) or next((q for k, q in known.items() if key and key in k), None)
            if quote and f"“{quote}”" not in matched:
                matched.append(f"“{quote}”")
        return StageJudgement(
            domain=target.key,
            stage=answer.stage,
            confidence=answer.confidence,
            matched=matched,
            reasons=[reason for reason in answer.reasons if reason.strip()],
            engine="llm",
        )


def build_stage_judge(settings: Settings) -> StageJudge:
    """The stage judge over the configured framework file and embedder."""
    from assistant.search.embedders import build_embedder
    from assistant.knowledge.framework import load_framework

    return StageJudge(
        load_framework(settings.paths.framework_file),
        build_embedder(settings.embedder),
        prompts_dir=settings.paths.prompts_dir,
    )


def _sentences(clauses: list[str], weights: list[float]) -> tuple[list[str], list[float]]:
    """Clauses joined into sentence-sized units (25 characters or more) of equal weight, each with that weight."""
    units: list[str] = []
    unit_weights: list[float] = []
    for clause, weight in zip(clauses, weights):
        open_unit = units and unit_weights[-1] == weight and len(units[-1]) < 25
        if open_unit:
            units[-1] += "，" + clause
        else:
            units.append(clause)
            unit_weights.append(weight)
    # A short tail of the same weight joins the unit before it.
    if len(units) > 1 and len(units[-1]) < 10 and unit_weights[-1] == unit_weights[-2]:
        tail = units.pop()
        unit_weights.pop()
        units[-1] += "，" + tail
    return units, unit_weights


def _cue_scores(hits: list[CueHit]) -> np.ndarray:
    """Per stage, the weight of the distinct cues found, with diminishing returns for many cues."""
    raw = np.zeros(3)
    seen: set[tuple[int, str]] = set()
    for hit in hits:
        if (hit.counts_for, hit.label) in seen:
            continue
        seen.add((hit.counts_for, hit.label))
        raw[hit.counts_for - 1] += hit.weight * hit.time_weight
    return np.asarray([math.sqrt(value) * 1.5 if value > 0 else 0.0 for value in raw])


def _reasons(stage: int, hits: list[CueHit], similarity: np.ndarray) -> list[str]:
    reasons = []
    closest = int(np.argmax(similarity)) + 1
    reasons.append(
        f"与报告中{STAGE_LABELS[closest]}的特征最相近（相似度 "
        + "、".join(f"{STAGE_LABELS[n]} {similarity[n - 1]:.3f}" for n in (1, 2, 3))
        + "）"
    )
    shown: set[str] = set()
    for hit in hits:
        line = hit.describe()
        if line not in shown:
            shown.add(line)
            reasons.append(line)
    reasons.append(f"综合判断为{STAGE_LABELS[stage]}。")
    return reasons


def _stage_sheet(domain: Domain) -> str:
    """The stage characteristics of a domain as the prompt shows them."""
    names = {"driver": "推动主体", "content": "数字化内容", "integration": "系统连接与数据共享",
             "participation": "市民和企业参与", "effect": "效果"}
    lines = []
    for number, spec in domain.stages.items():
        lines.append(f"{STAGE_LABELS[number]}（stage {number}）：{spec.summary}")
        for name, item in spec.dimensions.items():
            lines.append(f"  - {names[name]}：{item.text}")
        for item in spec.other:
            lines.append(f"  - 其他：{item.text}")
    return "\n".join(lines)


def _ask(chat_model: BaseChatModel, messages) -> _LLMAnswer | None:
    """The model's answer as _LLMAnswer: structured output where the model supports it, else parsed JSON."""
    try:
        structured = chat_model.with_structured_output(_LLMAnswer)
    except (NotImplementedError, AttributeError, TypeError, ValueError):
        structured = None
    if structured is not None:
        try:
            result = structured.invoke(messages)
            if isinstance(result, _LLMAnswer):
                return result
            if isinstance(result, dict):
                return _LLMAnswer.model_validate(result)
        except (ValidationError, ValueError, NotImplementedError, AssistantError):
            pass
    try:
        reply = chat_model.invoke(messages)
    except (NotImplementedError, ValueError, AssistantError):
        return None
    return _parse_answer(getattr(reply, "content", reply))


def _parse_answer(content) -> _LLMAnswer | None:
    """The first JSON object in the reply, validated; None when there is none or it is invalid."""
    if not isinstance(content, str):
        return None
    text = re.sub(r"```(?:json)?", "", content)
    start = text.find("{")
    while start != -1:
        try:
            data, _ = json.JSONDecoder().raw_decode(text[start:])
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
            continue
        try:
            return _LLMAnswer.model_validate(data)
        except ValidationError:
            return None
    return None
