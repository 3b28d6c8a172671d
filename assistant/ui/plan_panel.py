"""The planning part of the 自评估 tab: targets and the roadmap, peers, team assessment, re-assessment.

Wiring only: each callback calls one method of `PlanningService` and shows its result as Markdown made by
`assistant.assessment.plan_render`, in the assessment's own language. Joining a team or starting a
re-assessment switches the tab's conversation to the new assessment.
"""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr

from assistant.assessment import plan_render as show
from assistant.assessment.plan_texts import say, stage_label
from assistant.assessment.planning import PlanningService
from assistant.errors import AssistantError


def _fail(error: AssistantError):
    raise gr.Error(error.message)


def _choices(planning: PlanningService, language: str) -> tuple[list, list, list]:
    """(domains, stages, terms) as (label, value) pairs in `language`."""
    domains = [(domain.zh if language == "zh" else domain.en, key) for key, domain in planning.framework.domains.items()]
    stages = [(stage_label(language, stage), stage) for stage in (1, 2, 3)]
    terms = [(say(language, "term_near"), "near"), (say(language, "term_mid"), "mid")]
    return domains, stages, terms


def build_plan_panel(planning: PlanningService, start: str, assessment_id: gr.State, outputs: list,
                     show_view: Callable[[str], list], language: gr.Radio | None = None) -> None:
    """Add the planning panel under the conversation; `show_view(id)` gives the tab's updates for an assessment.

    With the app's `language` switch, the panel's labels follow it; results keep the assessment's language.
    """
    framework = planning.framework
    domains, stages, terms = _choices(planning, start)

    def language_of(current: str) -> str:
        return planning.store.load(current).language

    def guarded(action: Callable) -> Callable:
        def run(current: str, *values):
            if not current:
                raise gr.Error(say(start, "ui_no_assessment"))
            try:
                return action(current, *values)
            except AssistantError as error:
                _fail(error)

        run.__doc__ = action.__doc__
        return run

    with gr.Accordion(say(start, "ui_plan"), open=False, elem_id="plan-panel") as panel:
        with gr.Tab(say(start, "ui_plan"), elem_id="plan-roadmap-tab") as roadmap_tab:
            with gr.Row(equal_height=True):
                accept = gr.Button(say(start, "ui_targets_apply"), size="sm", elem_id="plan-accept")
                target_domain = gr.Dropdown(domains, label=say(start, "ui_target_domain"), elem_id="plan-target-domain")
                target_stage = gr.Dropdown(stages, label=say(start, "ui_target_stage"), elem_id="plan-target-stage")
                set_target = gr.Button(say(start, "ui_target_set"), size="sm", elem_id="plan-set-target")
                show_roadmap = gr.Button(say(start, "ui_roadmap_show"), size="sm", variant="primary", elem_id="plan-show")
            with gr.Row(equal_height=True):
                step_id = gr.Textbox(label=say(start, "ui_step_id"), max_lines=1, elem_id="plan-step-id")
                step_text = gr.Textbox(label=say(start, "ui_step_text"), max_lines=3, scale=3, elem_id="plan-step-text")
                step_term = gr.Radio(terms, value="near", label=say(start, "ui_step_term"), elem_id="plan-step-term")
            with gr.Row():
                add = gr.Button(say(start, "ui_step_add"), size="sm", elem_id="plan-step-add")
                edit = gr.Button(say(start, "ui_step_edit"), size="sm", elem_id="plan-step-edit")
                remove = gr.Button(say(start, "ui_step_remove"), size="sm", elem_id="plan-step-remove")
            roadmap = gr.Markdown(elem_id="plan-roadmap")
        with gr.Tab(say(start, "ui_peers_show"), elem_id="plan-peers-tab") as peers_tab:
            show_peers = gr.Button(say(start, "ui_peers_show"), size="sm", elem_id="plan-peers")
            peers = gr.Markdown(elem_id="plan-peers-text")
        with gr.Tab(say(start, "ui_team"), elem_id="plan-team-tab") as team_tab:
            with gr.Row(equal_height=True):
                invite = gr.Button(say(start, "ui_team_invite"), size="sm", elem_id="plan-invite")
                team_status = gr.Button(say(start, "ui_team_status"), size="sm", elem_id="plan-team-status")
                merge = gr.Button(say(start, "ui_team_merge"), size="sm", elem_id="plan-merge")
            with gr.Row(equal_height=True):
                code = gr.Textbox(label=say(start, "ui_team_code"), max_lines=1, elem_id="plan-code")
                name = gr.Textbox(label=say(start, "ui_team_name"), max_lines=1, elem_id="plan-name")
                join = gr.Button(say(start, "ui_team_join"), size="sm", elem_id="plan-join")
            with gr.Row(equal_height=True):
                decide_domain = gr.Dropdown(domains, label=say(start, "ui_target_domain"), elem_id="plan-decide-domain")
                decide_stage = gr.Dropdown(stages, label=say(start, "ui_team_decide_stage"), elem_id="plan-decide-stage")
                decide = gr.Button(say(start, "ui_team_decide"), size="sm", elem_id="plan-decide")
            team = gr.Markdown(elem_id="plan-team")
        with gr.Tab(say(start, "ui_reassess"), elem_id="plan-reassess-tab") as reassess_tab:
            again = gr.Button(say(start, "ui_reassess_start"), size="sm", elem_id="plan-again")
            with gr.Row(equal_height=True):
                review_domain = gr.Dropdown(domains, label=say(start, "ui_target_domain"), elem_id="plan-review-domain")
                evidence = gr.Textbox(label=say(start, "ui_reassess_evidence"), max_lines=3, scale=3, elem_id="plan-evidence")
            with gr.Row():
                keep = gr.Button(say(start, "ui_reassess_confirm"), size="sm", elem_id="plan-keep")
                change = gr.Button(say(start, "ui_reassess_change"), size="sm", elem_id="plan-change")
            changes = gr.Markdown(elem_id="plan-changes")

    def roadmap_text(current: str) -> str:
        return show.proposals_text(framework, planning.proposals(current), language_of(current)) + "\n\n" + \
            show.roadmap_text(planning.roadmap(current), language_of(current))

    def on_accept(current: str):
        """Set the proposed targets and show the roadmap."""
        planning.accept_proposals(current)
        return [roadmap_text(current), *show_view(current)]

    def on_target(current: str, domain: str, stage: int):
        """Set one domain's target and show the roadmap."""
        if not domain or not stage:
            raise gr.Error(say(start, "ui_target_domain") + " / " + say(start, "ui_target_stage"))
        planning.set_targets(current, {domain: int(stage)})
        return [roadmap_text(current), *show_view(current)]

    def on_add(current: str, domain: str, term: str, text: str):
        """Add the official's own step."""
        planning.add_step(current, domain or "", term or "near", text)
        return roadmap_text(current)

    def on_edit(current: str, step: str, text: str):
        """Change a step's text."""
        planning.edit_step(current, step, text)
        return roadmap_text(current)

    def on_remove(current: str, step: str):
        """Remove a step."""
        planning.remove_step(current, step)
        return roadmap_text(current)

    def on_invite(current: str):
        """Invitation codes for every domain of the assessment."""
        chosen = planning.store.load(current).domains
        return show.invitations_text(framework, planning.invite(current, chosen), language_of(current))

    def on_join(typed: str, who: str):
        """Join a team with a code: the tab continues in the respondent's own assessment."""
        try:
            return show_view(planning.join(typed, who, start))
        except AssistantError as error:
            _fail(error)

    def on_decide(current: str, domain: str, stage: int):
        """The lead settles a domain."""
        planning.decide(current, domain or "", stage=int(stage) if stage else None)
        return show.team_text(framework, planning.team_status(current), language_of(current))

    def on_merge(current: str):
        """Write the settled domains into the assessment."""
        planning.merge(current)
        return [show.team_text(framework, planning.team_status(current), language_of(current)), *show_view(current)]

    def on_again(current: str):
        """Start a re-assessment from the assessment shown: the tab continues in the new one."""
        new_id = planning.reassess(current)
        return [show.changes_text(planning.changes(new_id), language_of(new_id)), *show_view(new_id)]

    def on_keep(current: str, domain: str):
        """The domain is as it was."""
        return show.changes_text(planning.reassessment.confirm(current, domain or ""), language_of(current))

    def on_change(current: str, domain: str, text: str):
        """The domain changed: the evidence is judged."""
        return show.changes_text(planning.reassessment.change(current, domain or "", text), language_of(current))

    with_view = [roadmap, *outputs]
    accept.click(guarded(on_accept), inputs=[assessment_id], outputs=with_view, api_name="plan_accept_targets")
    set_target.click(guarded(on_target), inputs=[assessment_id, target_domain, target_stage], outputs=with_view,
                     api_name="plan_set_target")
    show_roadmap.click(guarded(roadmap_text), inputs=[assessment_id], outputs=[roadmap], api_name="plan_roadmap")
    add.click(guarded(on_add), inputs=[assessment_id, target_domain, step_term, step_text], outputs=[roadmap],
              api_name="plan_add_step")
    edit.click(guarded(on_edit), inputs=[assessment_id, step_id, step_text], outputs=[roadmap], api_name="plan_edit_step")
    remove.click(guarded(on_remove), inputs=[assessment_id, step_id], outputs=[roadmap], api_name="plan_remove_step")
    show_peers.click(guarded(lambda current: show.peers_text(framework, planning.peers(current), language_of(current))),
                     inputs=[assessment_id], outputs=[peers], api_name="plan_peers")
    invite.click(guarded(on_invite), inputs=[assessment_id], outputs=[team], api_name="plan_invite")
    team_status.click(guarded(lambda current: show.team_text(framework, planning.team_status(current), language_of(current))),
                      inputs=[assessment_id], outputs=[team], api_name="plan_team")
    join.click(on_join, inputs=[code, name], outputs=outputs, api_name="plan_join")
    decide.click(guarded(on_decide), inputs=[assessment_id, decide_domain, decide_stage], outputs=[team],
                 api_name="plan_decide")
    merge.click(guarded(on_merge), inputs=[assessment_id], outputs=[team, *outputs], api_name="plan_merge")
    again.click(guarded(on_again), inputs=[assessment_id], outputs=[changes, *outputs], api_name="plan_reassess")
    keep.click(guarded(on_keep), inputs=[assessment_id, review_domain], outputs=[changes], api_name="plan_keep")
    change.click(guarded(on_change), inputs=[assessment_id, review_domain, evidence], outputs=[changes],
                 api_name="plan_change")

    if language is None:
        return
    buttons = [(accept, "ui_targets_apply"), (set_target, "ui_target_set"), (show_roadmap, "ui_roadmap_show"),
               (add, "ui_step_add"), (edit, "ui_step_edit"), (remove, "ui_step_remove"), (show_peers, "ui_peers_show"),
               (invite, "ui_team_invite"), (team_status, "ui_team_status"), (merge, "ui_team_merge"), (join, "ui_team_join"),
               (decide, "ui_team_decide"), (again, "ui_reassess_start"), (keep, "ui_reassess_confirm"),
               (change, "ui_reassess_change")]
    boxes = [(step_id, "ui_step_id"), (step_text, "ui_step_text"), (code, "ui_team_code"), (name, "ui_team_name"),
             (evidence, "ui_reassess_evidence")]
    tabs = [(panel, "ui_plan"), (roadmap_tab, "ui_plan"), (peers_tab, "ui_peers_show"), (team_tab, "ui_team"),
            (reassess_tab, "ui_reassess")]
    pickers = [(target_domain, "domains", "ui_target_domain"), (decide_domain, "domains", "ui_target_domain"),
               (review_domain, "domains", "ui_target_domain"), (target_stage, "stages", "ui_target_stage"),
               (decide_stage, "stages", "ui_team_decide_stage"), (step_term, "terms", "ui_step_term")]

    def relabel(lang: str) -> list:
        """The panel's labels in the chosen language."""
        lang = lang if lang in ("zh", "en") else "zh"
        choices = dict(zip(("domains", "stages", "terms"), _choices(planning, lang)))
        return ([gr.update(value=say(lang, key)) for _, key in buttons]
                + [gr.update(label=say(lang, key)) for _, key in boxes + tabs]
                + [gr.update(choices=choices[kind], label=say(lang, key)) for _, kind, key in pickers])

    language.change(relabel, [language], [item for item, *_ in buttons + boxes + tabs + pickers], api_visibility="private")
