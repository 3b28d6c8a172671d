"""What the assessment says about the official's own words, in Chinese and English: the judgement's dimensions and
evidence, the city profile, questions back, detours and proposed changes. One place per language."""

from __future__ import annotations

import re

from assistant.errors import AssistantError, UnknownSession
from assistant.schemas import Language

PHRASES: dict[str, dict[str, str]] = {
    "zh": {
        "leaning": "（介于两者之间，接近{stage}）",
        "dimensions_head": "按报告的三个维度分别看：",
        "dimension_line": "- {dimension}：您说“{official}”，最接近报告{stage}的“{report}”{cite}",
        "evidence_head": "您的说法与报告这一阶段的对应：",
        "evidence_line": "- 您说“{official}” ↔ 报告：“{report}”{cite}",
        "denied_head": "您提到尚不具备或仍按旧方式做的，不计为相应阶段的依据：",
        "denied_line": "- 您说“{official}”，不计为报告{stage}的“{report}”",
        "dim_driver": "推动主体",
        "dim_content": "数字化内容",
        "dim_effect": "数字化效果",
        "profile_recorded": "已记录：{items}。",
        "profile_name": "名称 {value}",
        "profile_region": "地区 {value}",
        "profile_population": "人口 {value}",
        "profile_industries": "主要产业 {value}",
        "profile_corrected": "已更正{field}：{old} → {new}。",
        "field_name": "名称",
        "field_region": "地区",
        "field_population": "人口",
        "field_industries": "主要产业",
        "question_back": "关于您的问题，报告是这样说的：",
        "question_back_none": "报告中没有找到能回答这个问题的内容。",
        "source_line": "[{n}] {section} {title}{page}：“{quote}”",
        "source_page": "（第{page}页）",
        "gloss": "",
        "label_industries": "主要产业",
        "back_to_step": "回到评估：",
        "off_topic": "这超出了自评估的范围：我能回答关于报告的问题，并按报告的框架评估贵市各领域的阶段。",
        "vague": "能再具体一点吗？报告判断{domain}的阶段主要看：{traits}。请结合贵市的实际情况说一说。",
        "confirm_remark": "已确认{stage}，并记下您的补充：“{note}”。",
        "propose_change": "您提到“{remark}”，这与{domain}已确认的{old}不同，更接近{new}。是否把{domain}调整为{new}？（回答“是”调整，“否”保持{old}）",
        "proposal_accepted": "已把{domain}调整为{new}。",
        "proposal_declined": "{domain}保持{old}，您的说法已记为备注。",
        "too_long": "您的输入有{length}个字符，超过了{limit}个字符的上限，请精简后再发送。",
        "error_unknown_id": "没有编号为“{id}”的评估：编号是12位字母数字，可在评估开始时的消息中找到。",
        "error_other": "无法完成这一步：{detail}",
    },
    "en": {
        "leaning": " (between the two, close to {stage})",
        "dimensions_head": "Along the report's three dimensions:",
        "dimension_line": "- {dimension}: you said “{official}”, closest to the report's {stage}: “{report}”{cite}",
        "evidence_head": "What you said beside the report's words for this stage:",
        "evidence_line": "- You said “{official}” ↔ report: “{report}”{cite}",
        "denied_head": "What you said the city does not have yet, or still does the old way, does not count for that stage:",
        "denied_line": "- You said “{official}”: not counted as the report's {stage} trait “{report}”",
        "dim_driver": "Who drives it",
        "dim_content": "What is digitised",
        "dim_effect": "The effect",
        "profile_recorded": "Recorded: {items}.",
        "profile_name": "name {value}",
        "profile_region": "region {value}",
        "profile_population": "population {value}",
        "profile_industries": "main industries {value}",
        "profile_corrected": "Corrected the {field}: {old} → {new}.",
        "field_name": "name",
        "field_region": "region",
        "field_population": "population",
        "field_industries": "main industries",
        "question_back": "On your question, the report says:",
        "question_back_none": "The report has nothing that answers this question.",
        "source_line": "[{n}] {section} {title}{page}: “{quote}”",
        "source_page": " (p. {page})",
        "gloss": " [glossary: {terms}]",
        "label_industries": "Main industries",
        "back_to_step": "Back to the assessment:",
        "off_topic": "That is outside the self-assessment: I can answer questions about the report and place your city "
        "in a stage per domain along its framework (for writing tasks, please use another tool).",
        "vague": "Could you be more specific? For {domain} the report looks at: {traits}. Please tell me how it is in your city.",
        "confirm_remark": "{stage} confirmed; your remark is kept as a note: “{note}”.",
        "propose_change": "You mentioned “{remark}”: this differs from the confirmed {old} of {domain} and reads as {new}. "
        "Change {domain} to {new}? (answer 'yes' to change it, 'no' to keep {old})",
        "proposal_accepted": "{domain} changed to {new}.",
        "proposal_declined": "{domain} stays at {old}; what you said is kept as a note.",
        "too_long": "Your message has {length} characters, more than the limit of {limit}; please shorten it.",
        "error_unknown_id": "There is no assessment with the id “{id}”: an id has 12 letters and digits, shown when the "
        "assessment starts.",
        "error_other": "This step could not be done: {detail}",
    },
}


def phrase(language: Language, key: str, **values) -> str:
    """The phrase `key` in the language, filled with values."""
    return PHRASES[language][key].format(**values)


_CLI_HINT = re.compile(r"\s*[:(（]?\s*(?:see |ids are )[^)）]*`assistant [^`]*`[)）]?")
_QUOTED_ID = re.compile(r"id '([^']*)'")


def error_text(error: AssistantError, language: Language) -> str:
    """An error as the web interface shows it: one line in its language, without command-line hints."""
    if isinstance(error, UnknownSession) and (found := _QUOTED_ID.search(error.message)):
        return phrase(language, "error_unknown_id", id=found.group(1))
    detail = _CLI_HINT.sub("", error.message).strip().splitlines()[0] if error.message.strip() else ""
    return phrase(language, "error_other", detail=detail)
