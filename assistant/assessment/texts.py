"""Every sentence the guided assessment says, in Chinese and English, and its diagnostic questions.

Each diagnostic question belongs to one dimension of the framework (driver, content, integration,
participation, effect, or 'other' for a further characteristic such as security) and offers three quick
replies that paraphrase, in plain words, what the report says about that dimension in stages 1, 2 and 3.
"""

from __future__ import annotations

from typing import NamedTuple

from assistant.schemas import Language


class Question(NamedTuple):
    """A diagnostic question: the dimension it probes, its wording and one plain-words option per stage."""

    dimension: str
    prompt: str
    options: tuple[str, str, str]


MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "welcome": "您好！我会按报告《重塑中小城市的未来》的“7个领域×3个阶段”框架（3.2节），用几个问题帮您评估贵市各领域的数字化转型阶段，"
        "并给出切入点建议、可借鉴的案例和可导出的报告。任何问题都可以回答“不知道”或“跳过”。",
        "ask_name": "首先，请问贵市（县）的名称是？",
        "ask_population": "{city}的城区常住人口大约是多少？报告1.1节给出两种划分：中国（2014年国务院通知）中型城市50万-100万、"
        "I型小城市20万-50万、II型小城市20万以下；OECD 大型城市50万-150万、中型城市20万-50万、小型城市5万-20万。"
        "请选择一项，或直接输入人口数（如“35万”）。",
        "population_recorded": "已记录规模：{bands}。",
        "population_large": "{population}人超出了报告所说的中小城市范围（中国标准为100万以下），评估可以继续，但报告的建议是针对中小城市的。",
        "population_unbanded": "已记录人口{population}人，它不在报告1.1节的任何一档之内。",
        "ask_region": "{city}位于哪个国家或地区？（例如：中国安徽省、日本九州、欧洲）",
        "ask_domains": "报告把城市数字化转型分为7个领域（3.1节）。报告建议中小城市从1-2个需求迫切的领域切入，多数城市不会全面推进"
        "（2.4节表2第6行）。您想评估全部七个领域，还是只评估最迫切的一两个？请选择“全部七个领域”，或输入一个或多个领域名称"
        "（如“民生与服务、政府效能”）。",
        "ask_urgent": "好的，评估全部七个领域。其中哪一两个领域对贵市最迫切？这会影响切入点建议的排序，也可以跳过。",
        "domains_chosen": "将依次评估：{domains}。",
        "domain_intro": "【{domain}】（报告{section}节）{scope}",
        "ask_question": "问题{n}/{total}：{question}\n请选择最接近的描述，或用自己的话说说现状。",
        "recorded_unknown": "已记为“不知道”。",
        "domain_skipped": "已跳过{domain}。",
        "infer": "根据您的回答，我判断{city}的{domain}处于{stage}（{stage_name}）。",
        "infer_matched": "与报告中这一阶段相符的特征：",
        "infer_pick_override": "您选择的描述都属于{stage}，以您的选择为准（按文字描述的判断是{judged}）。",
        "infer_none": "{domain}的问题都没有得到回答，我无法推断阶段。如果您知道当前阶段请直接选择，否则请选“不知道”。",
        "stage_overview": "各阶段的特点：",
        "ask_confirm": "请确认或更正{domain}的当前阶段：",
        "ask_target": "{domain}当前：{current}。您希望下一步（例如未来三年）达到哪个阶段？",
        "target_below": "目标阶段不能低于当前阶段（{current}），请重新选择。",
        "domain_done": "已记录{domain}：当前{current}，目标{target}。",
        "correction_changed": "已根据您的补充重新评估{domain}：推断阶段由{old}变为{new}。",
        "correction_same": "已把您的补充记入{domain}，重新评估后推断阶段仍为{new}。",
        "correction_current": "{domain}的当前阶段已由{old}更新为{new}。",
        "correction_target": "目标阶段低于新的当前阶段，已调整为{new}。",
        "correction_pending": "已把您的补充记入{domain}，评估到这个领域时会一并考虑。",
        "correction_added": "您的补充涉及{domain}，它不在本次评估范围内，已加入评估队列。",
        "stage_set": "已把{domain}的当前阶段改为{new}。",
        "nonsense": "抱歉，我没能理解这个回答。{hint}例如：“{example}”",
        "injection": "我只能根据您对城市现状的描述来评估，不会执行改变评估方式的指令。{hint}例如：“{example}”",
        "hint_question": "请用一两句话描述现状，或选择最接近的选项。",
        "hint_choice": "请从选项中选择，或按提示输入。",
        "hint_domains": "请选择“全部七个领域”，或输入领域名称。",
        "hint_stage": "请选择阶段一、阶段二或阶段三，或回答“不知道”。",
        "hint_free": "请再说一次。",
        "summary_title": "评估小结：{city}",
        "summary_row": "- {domain}：当前{current}，目标{target}{gap}",
        "summary_gap": "（差距{gap}个阶段）",
        "summary_entry": "建议的切入点：",
        "summary_entry_row": "{rank}. {domain}：{reasons}",
        "summary_none": "（还没有完成任何领域的评估）",
        "summary_hint": "评估已保存，编号 {id}。您可以继续补充或更正（例如“其实我们已经建了统一的城市服务平台”，或“民生与服务改为阶段二”），"
        "也可以导出报告（Markdown、JSON、HTML、雷达图PNG）。",
        "summary_entries_title": "切入点建议与可借鉴的案例：",
        "summary_cases": "  可借鉴：{cases}",
        "summary_next": "  下一阶段（{stage}）：{summary}（{section}节）",
        "finished": "评估已保存，编号 {id}。随时可以用这个编号继续或导出报告。",
        "unknown": "不知道",
        "not_assessed": "未评估",
        "skipped": "已跳过",
        "qr_all_domains": "全部七个领域",
        "qr_skip": "跳过",
        "qr_unknown": "不知道",
        "qr_skip_domain": "跳过这个领域",
        "qr_entries": "查看切入点建议",
        "qr_finish": "完成",
        "example_name": "宿州市",
        "example_population": "35万",
        "example_region": "中国安徽省",
        "example_domains": "民生与服务、政府效能",
        "example_stage": "阶段二",
        "list_separator": "、",
        "reason_urgent": "您认为这个领域最迫切",
        "reason_chosen": "您选择评估这个领域",
        "reason_gap": "当前与目标相差{gap}个阶段",
        "reason_survey": "调研关注度在7个领域中排第{rank}",
        "advice": "报告建议中小城市从1-2个需求迫切的领域切入，多数城市不会全面推进",
        "report_title": "{city}数字化转型自评估报告",
        "report_source": "依据：世界经济论坛 / 腾讯研究院《重塑中小城市的未来：数字化转型的框架与路径》（2022年5月）的7×3框架（3.2节）。",
        "report_meta": "评估编号 {id}，生成于 {date}",
        "report_profile": "城市概况",
        "label_name": "名称",
        "label_population": "城区常住人口",
        "label_band": "规模（1.1节）",
        "label_region": "地区",
        "report_table": "各领域成熟度",
        "col_domain": "领域",
        "col_current": "当前阶段",
        "col_target": "目标阶段",
        "col_gap": "差距",
        "col_inferred": "推断（置信度）",
        "col_section": "报告章节",
        "report_chart": "雷达图：当前与目标阶段",
        "report_entry": "建议的切入点",
        "report_domains": "各领域的下一步",
        "report_matched": "与推断阶段相符的特征",
        "report_next": "下一阶段（{stage}）的特征",
        "report_cases": "可借鉴的案例",
        "report_stakeholders": "各方应做什么（第4章）",
        "report_concerns": "调研关注的重点",
        "report_challenges": "需要注意的挑战（1.4节表1）",
        "report_at_top": "已处于阶段三，报告未描述更高阶段。",
        "role_core": "核心参与者",
        "role_partial": "部分参与者",
        "role_none": "未列为参与者",
        "chart_current": "当前",
        "chart_target": "目标",
        "section_ref": "{section}节",
        "chapter_ref": "第{section}章",
        "cite": "（{section}节）",
        "your_city": "贵市",
        "unnamed_city": "未命名城市",
        "example_correction": "其实我们已经建了统一的城市服务平台",
        "challenge_row": "{text}（平均得分{mean}，排名第{rank}）",
        "case_ref": "{city}《{title}》（{section}节）",
        "ui_new": "新建评估",
        "ui_resume": "继续评估",
        "ui_id": "评估编号",
        "ui_id_placeholder": "输入12位编号以继续之前的评估",
        "ui_reply": "您的回答",
        "ui_reply_placeholder": "用自己的话描述，或点击上方的选项",
        "ui_send": "发送",
        "ui_chart": "成熟度雷达图（当前/目标）",
        "ui_download": "下载",
        "ui_file": "导出的文件",
        "ui_language": "评估语言",
        "ui_chat": "自评估对话",
        "cli_saved": "评估已保存，编号 {id}。继续：assistant assess --resume {id}；导出：assistant assess --export {id} --format html",
        "cli_resumed": "继续评估 {id}（{city}）。",
        "cli_exported": "已导出：{path}",
        "cli_none": "没有找到评估记录。",
        "cli_compare": "{city_a} {id_a}（{date_a}） → {city_b} {id_b}（{date_b}）",
    },
    "en": {
        "welcome": "Hello! Using the '7 domains x 3 stages' framework of the report 'Reshaping the Future of Small and "
        "Medium-sized Cities' (section 3.2), I will ask a few questions to place your city in a stage per domain, then "
        "suggest entry points, case studies to learn from and an exportable report. You can answer 'don't know' or 'skip' at any time.",
        "ask_name": "First, what is the name of your city?",
        "ask_population": "About how many urban residents does {city} have? Section 1.1 gives two classifications: China "
        "(2014 State Council notice) medium-sized 500,000-1,000,000, type I small 200,000-500,000, type II small under "
        "200,000; OECD large 500,000-1,500,000, medium 200,000-500,000, small 50,000-200,000. Pick one or type a number "
        "(e.g. '350000').",
        "population_recorded": "Size recorded: {bands}.",
        "population_large": "{population} residents is beyond the size of the cities the report is about (under 1 million "
        "in China); we can go on, but the report's advice is written for smaller cities.",
        "population_unbanded": "Population {population} recorded; it is outside every band of section 1.1.",
        "ask_region": "In which country or region is {city}? (e.g. Anhui, China; Kyushu, Japan; Europe)",
        "ask_domains": "The report divides a city's digital transformation into 7 domains (section 3.1) and advises small "
        "and medium-sized cities to start from 1-2 urgent domains; most do not advance on all fronts (section 2.4, Table 2, "
        "row 6). Assess all seven domains, or only the most urgent one or two? Pick 'All seven domains' or type one or "
        "more domain names (e.g. 'services, government').",
        "ask_urgent": "All seven domains, then. Which one or two are the most urgent for your city? This orders the "
        "suggested entry points; you may skip it.",
        "domains_chosen": "We will assess, in order: {domains}.",
        "domain_intro": "[{domain}] (report section {section})",
        "ask_question": "Question {n}/{total}: {question}\nPick the closest description or describe the situation in your own words.",
        "recorded_unknown": "Recorded as 'don't know'.",
        "domain_skipped": "{domain} skipped.",
        "infer": "From your answers, I place {city} at {stage} ({stage_name}) in {domain}.",
        "infer_matched": "Characteristics of this stage in the report that match:",
        "infer_pick_override": "Every description you picked belongs to {stage}, so your choice decides (your words alone suggest {judged}).",
        "infer_none": "No question of {domain} was answered, so I cannot infer a stage. Pick the stage if you know it, else 'don't know'.",
        "stage_overview": "What each stage looks like:",
        "ask_confirm": "Please confirm or correct the current stage of {domain}:",
        "ask_target": "{domain} now: {current}. Which stage do you aim for next (e.g. within three years)?",
        "target_below": "The target cannot be below the current stage ({current}); please choose again.",
        "domain_done": "{domain} recorded: current {current}, target {target}.",
        "correction_changed": "Re-assessed {domain} with what you added: the inferred stage moved from {old} to {new}.",
        "correction_same": "Added to {domain}; after re-assessing, the inferred stage is still {new}.",
        "correction_current": "Current stage of {domain} updated from {old} to {new}.",
        "correction_target": "The target was below the new current stage and is now {new}.",
        "correction_pending": "Added to {domain}; it will be taken into account when we get to that domain.",
        "correction_added": "What you added concerns {domain}, which was not in this assessment; it has been added to the queue.",
        "stage_set": "Current stage of {domain} set to {new}.",
        "nonsense": "Sorry, I could not understand that answer. {hint} For example: '{example}'",
        "injection": "I can only assess from your description of the city; I do not follow instructions that change how the "
        "assessment works. {hint} For example: '{example}'",
        "hint_question": "Describe the situation in a sentence or two, or pick the closest option.",
        "hint_choice": "Pick one of the options or type as suggested.",
        "hint_domains": "Pick 'All seven domains' or type domain names.",
        "hint_stage": "Pick stage 1, 2 or 3, or answer 'don't know'.",
        "hint_free": "Please say it again.",
        "summary_title": "Summary: {city}",
        "summary_row": "- {domain}: current {current}, target {target}{gap}",
        "summary_gap": " (gap of {gap} stage(s))",
        "summary_entry": "Suggested entry points:",
        "summary_entry_row": "{rank}. {domain}: {reasons}",
        "summary_none": "(no domain has been assessed yet)",
        "summary_hint": "The assessment is saved as {id}. You can still add or correct things (e.g. 'actually we have "
        "built a unified city service platform', or 'services is stage 2'), or export the report (Markdown, "
        "JSON, HTML, radar chart PNG).",
        "summary_entries_title": "Entry points and case studies to learn from:",
        "summary_cases": "  Learn from: {cases}",
        "summary_next": "  Next stage ({stage}): {summary} (section {section})",
        "finished": "The assessment is saved as {id}. Use this id to continue or export the report at any time.",
        "unknown": "don't know",
        "not_assessed": "not assessed",
        "skipped": "skipped",
        "qr_all_domains": "All seven domains",
        "qr_skip": "Skip",
        "qr_unknown": "Don't know",
        "qr_skip_domain": "Skip this domain",
        "qr_entries": "Show entry points",
        "qr_finish": "Finish",
        "example_name": "Fukuoka",
        "example_population": "350000",
        "example_region": "Kyushu, Japan",
        "example_domains": "services, government",
        "example_stage": "Stage 2",
        "list_separator": ", ",
        "reason_urgent": "you called this domain the most urgent",
        "reason_chosen": "you chose to assess this domain",
        "reason_gap": "{gap} stage(s) between current and target",
        "reason_survey": "ranked {rank} of 7 domains for attention in the survey",
        "advice": "Start from the 1-2 most urgent domains; most do not advance on all fronts",
        "report_title": "Digital transformation self-assessment: {city}",
        "report_source": "Based on the 7x3 framework (section 3.2) of the World Economic Forum / Tencent Research Institute report 'Reshaping the Future of Small and Medium-sized Cities: Framework and Path of Digital Transformation' (May 2022).",
        "report_meta": "Assessment {id}, generated {date}",
        "report_profile": "City profile",
        "label_name": "Name",
        "label_population": "Urban residents",
        "label_band": "Size class (section 1.1)",
        "label_region": "Region",
        "report_table": "Maturity per domain",
        "col_domain": "Domain",
        "col_current": "Current",
        "col_target": "Target",
        "col_gap": "Gap",
        "col_inferred": "Inferred (confidence)",
        "col_section": "Section",
        "report_chart": "Radar chart: current and target stages",
        "report_entry": "Suggested entry points",
        "report_domains": "Next steps per domain",
        "report_matched": "Characteristics of the inferred stage that matched",
        "report_next": "What {stage} looks like",
        "report_cases": "Case studies to learn from",
        "report_stakeholders": "What each group should do (chapter 4)",
        "report_concerns": "What the survey found most wanted",
        "report_challenges": "Challenges to watch (section 1.4, Table 1)",
        "report_at_top": "Already at stage 3; the report describes no further stage.",
        "role_core": "core participant",
        "role_partial": "partial participant",
        "role_none": "not listed",
        "chart_current": "current",
        "chart_target": "target",
        "section_ref": "section {section}",
        "chapter_ref": "chapter {section}",
        "cite": " (section {section})",
        "your_city": "your city",
        "unnamed_city": "unnamed city",
        "example_correction": "actually we have built a unified city service platform",
        "challenge_row": "{text} (mean score {mean}, rank {rank})",
        "case_ref": "{city}, '{title}' (section {section})",
        "ui_new": "New assessment",
        "ui_resume": "Resume",
        "ui_id": "Assessment id",
        "ui_id_placeholder": "Type a 12-digit id to continue an earlier assessment",
        "ui_reply": "Your answer",
        "ui_reply_placeholder": "Describe in your own words, or click an option above",
        "ui_send": "Send",
        "ui_chart": "Maturity radar (current / target)",
        "ui_download": "Download",
        "ui_file": "Exported file",
        "ui_language": "Assessment language",
        "ui_chat": "Self-assessment",
        "cli_saved": "Assessment saved as {id}. To continue: assistant assess --resume {id}; to export: "
        "assistant assess --export {id} --format html",
        "cli_resumed": "Resuming assessment {id} ({city}).",
        "cli_exported": "Exported: {path}",
        "cli_none": "No assessments found.",
        "cli_compare": "{city_a} {id_a} ({date_a}) -> {city_b} {id_b} ({date_b})",
    },
}

STAGE_LABELS: dict[str, dict[int, str]] = {
    "zh": {1: "阶段一", 2: "阶段二", 3: "阶段三"},
    "en": {1: "stage 1", 2: "stage 2", 3: "stage 3"},
}

STAGE_NAMES: dict[str, dict[int, str]] = {
    "zh": {1: "技术驱动、局部发展", 2: "场景引领、系统发展", 3: "创新迭代、生态发展"},
    "en": {1: "technology-driven, local development", 2: "scenario-led, systemic development",
           3: "innovation and iteration, ecosystem development"},
}

QUESTIONS: dict[str, dict[str, tuple[Question, ...]]] = {
    "zh": {
        "services": (
            Question("driver", "目前民生服务的数字化主要由谁来提供？",
                     ("各个政府部门分别提供自己的数字化服务", "政府搭建了全市统一的城市服务平台来提供服务", "政府、企业、社会组织和市民一起参与建设和创新服务")),
            Question("integration", "市民通过什么方式在线办事、获取服务？",
                     ("要用各部门各自的APP或自助终端分别办理", "公共服务和部分商业服务都能在一个入口一站式办理", "服务由多方共建共享，能根据需求快速迭代更新")),
            Question("participation", "市民的需求和意见怎样反馈到服务中？",
                     ("主要关注有多少人在使用这些服务", "办完事可以评价，能收集市民的需求和满意度", "通过平台、网络社区和传感设备持续感知需求，主动提供个性化服务")),
        ),
        "industry": (
            Question("driver", "本地产业的数字化主要由谁来推动？",
                     ("主要是本地龙头企业自发在做", "政府和企业一起推动，政府引导建设产业互联网平台", "政府和企业共同推动，城市内外的个人、企业、科研院所也参与创新")),
            Question("integration", "企业之间、产业链上下游的数据和业务是怎样连接的？",
                     ("只打通了企业内部的物流、资金流、信息流", "产业链上下游企业和客户之间已产供销一体化对接", "建立了城市级数字创新平台，还联动了周边服务行业")),
            Question("effect", "产业数字化目前取得了什么效果？",
                     ("单个企业的生产和经营效率提高了", "整条特色产业链的效率整体提升", "与都市圈中心城市和其他城市产业协同、人员跨区域灵活就业")),
        ),
        "governance": (
            Question("driver", "城市治理的数字化由哪些主体参与？",
                     ("规划、市政、应急、交通等部门各自负责、各管各的", "政府跨部门、跨区域协同，居民和企业也参与治理", "政府各部门、企业、市民和其他组织多元共治")),
            Question("content", "数字化治理主要管哪些对象？",
                     ("主要是道路、桥梁、市容、应急事件等城市部件", "扩展到城市中的各类人、事件和部件", "还能预测和分析城市未来的运行态势")),
            Question("integration", "治理的方式是怎样的？",
                     ("从各部门职责出发，各自处理负责的事", "从服务对象出发，用物联网、大数据自动感知城市变化并快速响应", "城乡和跨区域融合治理，城市能自感知、自学习、自优化")),
        ),
        "environment": (
            Question("driver", "环境与低碳方面的数字化由谁来推进？",
                     ("主要由环保部门推进", "多个部门协同推进", "政府、企业、市民共同参与，目标是建设碳中和城市")),
            Question("content", "数字化主要覆盖哪些内容？",
                     ("对水、大气、固废、土壤、噪声等进行监测和治理", "用物联网、大数据全面实时感知生态环境，开始支持能源绿色化", "覆盖生态环境、生产、生活、治理各方面，人人参与碳普惠")),
            Question("effect", "目前达到了什么效果？",
                     ("实现了局部的环境监测和管理", "大气、水、能源设施的信息聚合起来整体智能管理", "集成能源管理、智能电网和碳中和管理平台，控制碳排放")),
        ),
        "government": (
            Question("content", "政府内部的协同办公是什么情况？",
                     ("协同不强，线上线下分离，部门之间较为独立", "建成了跨部门、跨层级的数字化协同办公平台", "所有人员一体化、一网化实时协同，跨越部门和层级边界")),
            Question("integration", "政府部门之间的数据怎样共享？",
                     ("只有少数部门之间点对点共享部分数据", "建立了城市级基础数据在部门间共享的机制和技术手段", "建立了城市级政务数据共享和有序开放的机制和平台")),
            Question("effect", "决策中用数据的情况如何？",
                     ("少数部门在部分场景用数据支撑决策", "部分跨部门场景实现了数据驱动决策", "城市级跨部门场景都能数据驱动决策")),
        ),
        "infrastructure": (
            Question("content", "市政、交通、安防等传统设施的数字化到了什么程度？",
                     ("交通、安防等局部场景装了显示屏、摄像头等设备", "市政、交通等设施实现了整体智能化", "建立了与物理设施精细映射、实时交互的数字孪生设施")),
            Question("integration", "机房、云、数据平台等数字基础设施是怎样建设的？",
                     ("各部门自建机房、数据平台或各自用云服务，烟囱式建设", "有城市级的政务云、数据平台、人工智能平台等共性支撑能力", "各类数字基础设施集约化集成为城市级操作系统")),
            Question("other", "信息安全是怎样保障的？",
                     ("靠各行业部门分散建设的硬件防火墙", "具备城市级的综合安全运营能力", "具备城市之间联防联控的安全能力")),
        ),
        "enablers": (
            Question("driver", "数字化转型由谁来牵头推动？",
                     ("由信息化主管部门或某个业务部门推动", "成立了市长牵头、各部门参与的数字化转型组织", "有专门的数字化转型机构，并探索首席数据官等机制")),
            Question("content", "有哪些数字化规划和政策？",
                     ("只有部门自己的局部规划或政策文件", "制定了全市的数字化转型规划", "形成了城市整体的数字化转型政策体系")),
            Question("participation", "干部和市民的数字化能力如何？",
                     ("只有参与信息化建设的少数人员懂数字化", "各部门领导和工作人员都有一定的数字化认知和技能", "政府、市民、企业普遍经过培训，具备数字化基础技能")),
        ),
    },
    "en": {
        "services": (
            Question("driver", "Who provides digital public services today?",
                     ("Each government department offers its own digital services", "The government runs one unified city service platform", "Government, companies, civil society and residents build and innovate services together")),
            Question("integration", "How do residents get services online?",
                     ("Through separate apps or kiosks of each department", "Public and some commercial services in one one-stop entry", "Services are co-built and shared, and updated quickly as needs change")),
            Question("participation", "How do residents' needs and opinions reach the services?",
                     ("We mainly track how many people use the services", "Residents rate services, so we collect needs and satisfaction", "Platforms, online communities and sensors sense needs continuously; services are proactive and personalised")),
        ),
        "industry": (
            Question("driver", "Who drives the digitalisation of local industry?",
                     ("Mainly leading local companies on their own", "Government and companies together; the government guides an industrial internet platform", "Government and companies, with people, firms and research institutes from inside and outside the city")),
            Question("integration", "How are companies and the supply chain connected?",
                     ("Only logistics, money and information flows inside each company", "Upstream and downstream firms and customers are linked from production to sales", "A city-level innovation platform also links surrounding service industries")),
            Question("effect", "What has industrial digitalisation achieved so far?",
                     ("Individual companies produce and operate more efficiently", "The whole characteristic industry chain is more efficient", "Industry works with the metropolitan core and other cities; people work flexibly across the region")),
        ),
        "governance": (
            Question("driver", "Who takes part in digital urban governance?",
                     ("Planning, municipal, emergency and transport departments each manage their own part", "Departments and districts coordinate, and residents and companies take part", "Government, companies, residents and other organisations govern together")),
            Question("content", "What does digital governance cover?",
                     ("Mainly roads, bridges, cityscape and emergencies", "People, events and urban components across the city", "It also forecasts and analyses how the city will run")),
            Question("integration", "How is the city governed?",
                     ("Each department handles its own duties", "From the residents' point of view, with IoT and big data sensing changes and responding fast", "Urban-rural and cross-regional governance; the city senses, learns and optimises itself")),
        ),
        "environment": (
            Question("driver", "Who drives digitalisation for the environment and low carbon?",
                     ("Mainly the environmental protection department", "Several departments together", "Government, companies and residents together, aiming at a carbon-neutral city")),
            Question("content", "What does it cover?",
                     ("Monitoring and treating water, air, solid waste, soil and noise", "Real-time sensing of the whole environment with IoT and big data, starting to support green energy", "Environment, production, daily life and governance, with everyone taking part in carbon credits")),
            Question("effect", "What has it achieved so far?",
                     ("Local monitoring and management of the environment", "Air, water and energy facility data combined and managed intelligently", "Energy management, smart grid and a carbon-neutral platform integrated to control emissions")),
        ),
        "government": (
            Question("content", "How do government offices work together?",
                     ("Little collaboration; online and offline are separate and departments work alone", "A cross-department, cross-level digital collaboration platform", "Everyone works together on one network in real time across departments and levels")),
            Question("integration", "How do departments share data?",
                     ("Only a few departments share some data point to point", "A city-level mechanism and tools for sharing basic data between departments", "A city-level mechanism and platform for sharing and opening government data")),
            Question("effect", "How is data used in decisions?",
                     ("A few departments use data in some decisions", "Some cross-department scenarios have data-driven decisions", "Data-driven decisions across departments at city level")),
        ),
        "infrastructure": (
            Question("content", "How digital are municipal, transport and security facilities?",
                     ("Screens and cameras in some transport and security spots", "Municipal and transport facilities are smart as a whole", "A digital twin mapping physical facilities precisely and in real time")),
            Question("integration", "How are data centres, cloud and data platforms built?",
                     ("Each department has its own server room, data platform or cloud service (silos)", "City-level government cloud, data and AI platforms shared by all", "All digital infrastructure integrated into a city-level operating system")),
            Question("other", "How is information security ensured?",
                     ("Hardware firewalls built separately by each sector", "City-level integrated security operations", "Joint defence and control together with other cities")),
        ),
        "enablers": (
            Question("driver", "Who leads the digital transformation?",
                     ("The IT department or one business department", "A mayor-led organisation with all departments", "A dedicated digital transformation body, exploring a chief data officer")),
            Question("content", "What plans and policies exist?",
                     ("Only departmental plans or policy papers", "A city-wide digital transformation plan", "A complete city-wide digital transformation policy system")),
            Question("participation", "How digitally skilled are officials and residents?",
                     ("Only the few people building IT systems", "Department heads and staff have some understanding and skills", "Government, residents and companies are trained and have basic digital skills")),
        ),
    },
}


def say(language: Language, key: str, **values) -> str:
    """The sentence `key` in `language`, with `values` filled in."""
    return MESSAGES[language][key].format(**values)


def questions(language: Language, domain: str) -> tuple[Question, ...]:
    """The diagnostic questions of a domain in `language`."""
    return QUESTIONS[language][domain]


def stage_label(language: Language, stage: int | None) -> str:
    """'阶段二' / 'stage 2', or the word for 'unknown'."""
    if stage is None:
        return MESSAGES[language]["unknown"]
    return STAGE_LABELS[language][stage]


def domain_name(language: Language, domain) -> str:
    """The name of a framework domain in `language`."""
    return domain.zh if language == "zh" else domain.en
