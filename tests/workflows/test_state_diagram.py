"""The generated diagrams show every transition of DESIGN.md's table."""

from io import StringIO

import pytest
from django.core.management import call_command

from workflows.transitions import TRANSITION_NAMES


def test_mermaid_diagram_lists_every_transition():
    out = StringIO()
    call_command("dossier_state_diagram", stdout=out)
    text = out.getvalue()
    assert text.startswith("```mermaid\nstateDiagram-v2")
    for name in TRANSITION_NAMES:
        assert name in text
    assert "awaiting_decision --> has_review: return_for_review" in text
    assert "correction_requested --> has_review: resubmit" in text


@pytest.mark.django_db
def test_graph_transitions_renders_the_dossier_machine():
    pytest.importorskip("graphviz")
    out = StringIO()
    call_command("graph_transitions", "workflows.Dossier", stdout=out)
    assert "take_charge" in out.getvalue()
