"""Bar charts of the admin page as PNG bytes (matplotlib's Agg canvas, no global state touched)."""

from __future__ import annotations

import io

from assistant.assessment.export import find_cjk_font


def bar_chart(title: str, labels: list[str], values: list[float], *, horizontal: bool = False,
              colour: str = "#1d4ed8", unit: str = "") -> bytes:
    """A bar chart with its title, one bar per label, each bar labelled with its value."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font = find_cjk_font()
    height = max(2.6, 0.38 * len(labels) + 1.2) if horizontal else 3.2
    figure = Figure(figsize=(6.4, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    bars = axes.barh(positions, values, color=colour) if horizontal else axes.bar(positions, values, color=colour)
    if horizontal:
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
    else:
        axes.set_xticks(positions, labels, rotation=30 if len(labels) > 6 else 0, ha="right" if len(labels) > 6 else "center")
    axes.bar_label(bars, labels=[f"{value:g}{unit}" for value in values], fontsize=8, padding=2)
    for label in [*axes.get_xticklabels(), *axes.get_yticklabels()]:
        label.set_fontfamily([font, "DejaVu Sans"])
        label.set_fontsize(8)
    axes.set_title(title, fontfamily=[font, "DejaVu Sans"], fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
