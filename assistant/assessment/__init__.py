"""Guided 7x3 self-assessment: a conversation that places a city in a stage per domain, and its results.

`build_assessment_service(settings)` is the entry point for the CLI and the UI; the state machine itself is
`AssessmentConversation`, the data `Assessment` and `AssessmentReport`.
"""
