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
    assert "awaiting_decision --> expert_review: return_for_review" in text
    assert "correction_requested --> expert_review: resubmit" in text


@pytest.mark.django_db
def test_graph_transitions_renders_the_dossier_machine():
    pytest.importorskip("graphviz")
    out = StringIO()
    call_command("graph_transitions", "workflows.Dossier", stdout=out)
    assert "take_charge" in out.getvalue()


def test_each_procedure_has_its_own_diagram():
    out = StringIO()
    call_command("dossier_state_diagram", stdout=out)
    blocks = out.getvalue().split("```mermaid")[1:]
    assert len(blocks) == 1 + 5
    pecan, forfait, early, article_51, listing = blocks[1:]
    assert '"expert_review (ANS ∥ HAS)"' in pecan
    assert '"expert_review (ARS)"' in article_51
    assert "recommendations_issued" in early and "awaiting_decision" not in early
    assert "recommendations_issued" not in pecan
    assert "correction_requested --> awaiting_decision: resubmit" in listing
    assert "correction_requested --> awaiting_decision" not in forfait
