"""Exports that carry the plan: Markdown, JSON, printable HTML and PNG with the roadmap and peers, PDF and Excel."""
