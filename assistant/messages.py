"""User-facing sentences of the library, one table per language."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "refusal": "抱歉，这份报告没有涉及这个问题，我不能根据报告回答。",
        "refusal_unknown_place": "抱歉，报告没有提到“{place}”，我不能根据报告回答关于它的问题。",
        "nearest": "与问题最接近的章节是：{sections}。",
        "no_answer": "报告中没有相关内容。",
        "page": "第{page}页",
        "fallback_notice": "本地模型未安装，已改用抽取式引擎回答（运行 `make install` 安装本地模型）。",
        "unverified_notice": "模型的回答未能通过与报告原文的核对，以下为报告原文摘录。",
        "also_in_report": "报告原文还写道：",
        "rows_lead": "据报告{caption}（页码见来源）：",
        "rows_cases_lead": "据报告第三章的案例（标题中注明了各案例的阶段）：",
        "rows_ranked": "第{rank}名：{name}{details}",
        "rows_details": "（{cells}）",
        "rows_labelled": "{label}{value}",
        "rows_cell_separator": "，",
        "rows_case": "{city}（{country}，{domain}领域）：{case}，{stages}",
        "rows_country": "{country}的案例：{cities}",
        "rows_list_separator": "、",
        "rows_table_name": "“{caption}”表",
        "rows_section_name": "“{title}”一节",
        "figure_not_given": "报告没有给出这个数字。报告中与之最接近的内容是：",
        "part_not_given": "报告没有给出这一问的数字：{part}",
        "date_not_given": "报告没有给出这个时间。报告中与之最接近的内容是：",
        "person_not_given": "报告没有说明担任这一角色的是谁。报告中与之最接近的内容是：",
        "plan_only": "报告只写了这项计划，没有给出实施后的结果。报告原文是：",
        "figure_not_given_year": "报告没有给出{year}年的这个数字，给出的是{other}年的。报告原文是：",
        "refusal_other_cities": "抱歉，报告写到的“{term}”属于{others}的案例，报告没有讲{place}的“{term}”，我不能根据报告回答。",
        "refusal_unreported_title": "抱歉，报告没有写到“{title}”，没有说明是否如此，我不能根据报告回答。",
        "refusal_unrated": "抱歉，报告只评估了{place}在{rated}领域的阶段，没有评估它在这个领域的阶段，我不能根据报告回答。",
    },
    "en": {
        "refusal": "Sorry, the report does not cover this question, so I cannot answer it from the report.",
        "refusal_unknown_place": "Sorry, the report does not mention \u201c{place}\u201d, so I cannot answer questions about it from the report.",
        "nearest": "The nearest sections are: {sections}.",
        "no_answer": "The report does not cover this.",
        "page": "p. {page}",
        "fallback_notice": "The local model is not installed; answering with the extractive engine (run `make install`).",
        "unverified_notice": "The model's answer could not be checked against the report, so these are the report's own sentences.",
        "also_in_report": "The report also says: ",
        "rows_lead": "From the report's {caption} (pages in the sources):",
        "rows_cases_lead": "From the report's case studies in chapter three (each case's title gives its stages):",
        "rows_ranked": "No. {rank}: {name}{details}",
        "rows_details": " ({cells})",
        "rows_labelled": "{label} {value}",
        "rows_cell_separator": "; ",
        "rows_case": "{city} ({country}, {domain}): {case}, {stages}",
        "rows_country": "cases from {country}: {cities}",
        "rows_list_separator": ", ",
        "rows_table_name": "table “{caption}”",
        "rows_section_name": "section “{title}”",
        "rows_stage": "stage {first} ({label})",
        "rows_stages": "from stage {first} to stage {last} ({label})",
        "figure_not_given": "The report does not give this figure. The nearest it comes is:",
        "part_not_given": "The report does not give the figure this part asks for: {part}",
        "date_not_given": "The report does not give this date. The nearest it comes is:",
        "person_not_given": "The report does not say who holds this role. The nearest it comes is:",
        "plan_only": "The report describes this only as a plan; it gives no results. It says:",
        "figure_not_given_year": "The report does not give this figure for {year}; it gives it for {other}. It says:",
        "refusal_other_cities": "Sorry, the report writes of “{term}” only in the case of {others}, not of {place}, so I cannot answer this from the report.",
        "refusal_unreported_title": "Sorry, the report never writes of “{title}”, so it does not say whether this is so; I cannot answer this from the report.",
        "refusal_unrated": "Sorry, the report rates the stage of {place} only in {rated}, not in this domain, so I cannot answer this from the report.",
    },
}


def message(language: str, key: str, **values: str) -> str:
    """The sentence `key` in the language, with values filled in."""
    table = MESSAGES.get(language, MESSAGES["zh"])
    return table[key].format(**values)
