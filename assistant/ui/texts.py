"""Every string of the web interface, one table per language (zh, en)."""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("zh", "en")
LANGUAGE_CHOICES: list[tuple[str, str]] = [("中文", "zh"), ("English", "en")]

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "中小城市数字化转型助手",
        "subtitle": "依据世界经济论坛与腾讯研究院报告《重塑中小城市的未来：数字化转型的框架与路径》（2022年5月）回答问题，"
        "每个回答都标注出处，可核对章节、页码和原文。",
        "language": "界面语言",
        "tab_qa": "问答",
        "tab_assessment": "自评估",
        "tab_framework": "框架",
        "chat_label": "对话",
        "chat_placeholder": "请在下方输入关于报告的问题，或点击示例问题。中文或英文提问均可，回答使用提问的语言。",
        "question_label": "您的问题",
        "question_placeholder": "例如：报告把数字化成熟度划成了几个阶段？",
        "send": "提问",
        "clear": "清空对话",
        "examples": "示例问题",
        "engine": "回答引擎",
        "engine_local": "本地模型",
        "engine_openai": "OpenAI 兼容服务器",
        "engine_extractive": "抽取式（直接摘录报告原句，不经模型改写）",
        "engine_fake": "测试用回放模型",
        "engine_custom": "自定义模型",
        "searching": "正在检索报告……",
        "writing": "已找到 {count} 段相关原文，正在撰写回答……",
        "sources": "出处（{count} 条）— 点击展开，核对原文",
        "source_page": "第{page}页",
        "source_section": "第{section}节",
        "refused": "无法依据报告回答",
        "standalone": "按此问题检索：",
        "flagged": "以下句子在引用原文中未找到依据，请谨慎使用：",
        "error": "出错了：",
        "internal_error": "系统内部错误，请稍后重试；如果问题持续，请联系管理员查看服务日志。",
        "empty_question": "请输入问题。",
        "assessment_note": "自评估功能正在准备中：届时可按报告的 7 个领域 × 3 个阶段框架逐项评估本市所处阶段，并生成评估报告。",
        "matrix_title": "数字化转型框架：7 个领域 × 3 个阶段",
        "matrix_intro": "报告第 3.2 节提出的成熟度框架（原报告图 4）。各格内容摘自第 3.3–3.9 节的“模式概述”。",
        "domain_column": "领域",
        "domain_pick": "选择领域，查看各阶段特征与案例",
        "scope": "领域范围",
        "characteristics": "阶段特征",
        "cases": "案例",
        "no_cases": "报告中该领域没有案例。",
        "case_before": "转型前",
        "case_after": "转型后",
        "case_stage": "所处阶段",
        "stage_1": "阶段一",
        "stage_2": "阶段二",
        "stage_3": "阶段三",
        "dimension_driver": "驱动主体",
        "dimension_content": "内容",
        "dimension_integration": "整合方式",
        "dimension_participation": "参与方式",
        "dimension_effect": "成效",
        "dimension_other": "其他特征",
    },
    "en": {
        "title": "Digital Transformation Assistant for Small and Medium-sized Cities",
        "subtitle": "Answers from the World Economic Forum / Tencent Research Institute report \"Reshaping the Future of "
        "Small and Medium-sized Cities: A Framework and Pathways for Digital Transformation\" (May 2022), each with "
        "sources you can check: section, page and the quoted passage.",
        "language": "Interface language",
        "tab_qa": "Q&A",
        "tab_assessment": "Self-assessment",
        "tab_framework": "Framework",
        "chat_label": "Conversation",
        "chat_placeholder": "Ask a question about the report below, or pick an example. Ask in Chinese or English; "
        "the answer follows the language of the question.",
        "question_label": "Your question",
        "question_placeholder": "e.g. How does the report's framework tell its three stages apart?",
        "send": "Ask",
        "clear": "Clear conversation",
        "examples": "Example questions",
        "engine": "Answer engine",
        "engine_local": "Local model",
        "engine_openai": "OpenAI-compatible server",
        "engine_extractive": "Extractive (quotes sentences of the report, no model rewriting)",
        "engine_fake": "Replay model for tests",
        "engine_custom": "Custom model",
        "searching": "Searching the report\u2026",
        "writing": "Found {count} relevant passages, writing the answer\u2026",
        "sources": "Sources ({count}) \u2014 open to check the passages",
        "source_page": "p. {page}",
        "source_section": "section {section}",
        "refused": "Not answerable from the report",
        "standalone": "Searched as: ",
        "flagged": "These sentences have no support in the cited passages; use them with care:",
        "error": "Something went wrong: ",
        "internal_error": "Internal error; please try again. If it persists, ask the administrator to check the service log.",
        "empty_question": "Please type a question.",
        "assessment_note": "The self-assessment is being prepared: it will place your city in a stage for each of the "
        "report's 7 domains \u00d7 3 stages and produce an assessment report.",
        "matrix_title": "The framework: 7 domains \u00d7 3 stages",
        "matrix_intro": "The maturity framework of section 3.2 (figure 4 of the report). Each cell is taken from the "
        "'mode overview' of sections 3.3\u20133.9 (quoted in Chinese).",
        "domain_column": "Domain",
        "domain_pick": "Choose a domain to see each stage's characteristics and the case studies",
        "scope": "Scope",
        "characteristics": "Characteristics",
        "cases": "Case studies",
        "no_cases": "The report has no case study for this domain.",
        "case_before": "Before",
        "case_after": "After",
        "case_stage": "Stage",
        "stage_1": "Stage 1",
        "stage_2": "Stage 2",
        "stage_3": "Stage 3",
        "dimension_driver": "Driver",
        "dimension_content": "Content",
        "dimension_integration": "Integration",
        "dimension_participation": "Participation",
        "dimension_effect": "Effect",
        "dimension_other": "Other characteristics",
    },
}

# The report names each stage (section 3.2); these are its names in English.
STAGE_NAMES_EN: dict[int, str] = {
    1: "technology-driven, local development",
    2: "scenario-led, systematic development",
    3: "innovation and iteration, ecosystem development",
}

EXAMPLES: dict[str, list[str]] = {
    "zh": [
        "宿州靠“讯宿办”小程序为市民办成了哪些事？",
        "报告把数字化成熟度划成了几个阶段？",
        "平湖建“感智汇”平台是想应对什么难题？",
        "中小城市数字化转型面临的最大挑战是什么？",
        "政府在数字化转型中应该做什么？",
    ],
    "en": [
        "What services does the mini-program of Suzhou (Anhui) provide to citizens?",
        "How does the report's framework tell its three stages apart?",
        "What problem does the Ganzhihui platform in Pinghu solve?",
        "Which challenges hold smaller cities back most, according to the survey?",
        "What should governments do in digital transformation?",
    ],
}


def text(language: str, key: str, **values: object) -> str:
    """The interface string `key` in the language (Chinese when the language is unknown), with values filled in."""
    table = TEXTS.get(language, TEXTS["zh"])
    return table[key].format(**values) if values else table[key]


def examples(language: str) -> list[str]:
    """The example questions shown in the language."""
    return list(EXAMPLES.get(language, EXAMPLES["zh"]))


def engine_label(language: str, engine: str) -> str:
    """What kind of engine answers, in the language."""
    key = f"engine_{engine}"
    table = TEXTS.get(language, TEXTS["zh"])
    return table.get(key, engine)
