"""Print the dossier state machine as mermaid ``stateDiagram-v2`` blocks (for the README): the
whole machine, then each procedure's own path through it.

Generated from the model's own ``@transition`` declarations and from ``workflows.procedures``,
so the diagrams cannot drift.
"""

from django.core.management.base import BaseCommand
from django.utils import translation

from workflows.models import FINAL_STATES, Dossier, DossierState
from workflows.procedures import PROCEDURES

S = DossierState
DECISION_STATES = {S.AWAITING_DECISION, S.APPROVED, S.REJECTED}


def _edges():
    field = Dossier._meta.get_field("state")
    edges = {}
    for transition in field.get_all_transitions(Dossier):
        targets = getattr(transition.target, "allowed_states", None) or [transition.target]
        sources = [transition.source]
        if transition.source in ("*", "+"):
            sources = [state for state in DossierState if state not in FINAL_STATES]
        for source in sources:
            for target in targets:
                edges.setdefault((str(source), str(target)), set()).add(transition.name)
    return edges


def _shown(procedure, source, target, names):
    """The transitions of an edge of the whole machine that ``procedure``'s path takes."""
    shown = set(names)
    if not procedure.has_decision:
        if source in DECISION_STATES or target in DECISION_STATES:
            return set()
        shown -= {"hand_off"}
    elif target == S.RECOMMENDATIONS_ISSUED:
        return set()
    if not any(review.suspensive for review in procedure.reviews):
        if (source, target) == (S.EXPERT_REVIEW, S.CORRECTION_REQUESTED):
            shown -= {"conclude_reviews"}
        if (source, target) == (S.CORRECTION_REQUESTED, S.AWAITING_DECISION):
            return set()
    return shown


def mermaid(procedure=None):
    lines = ["stateDiagram-v2"]
    if procedure is not None:
        bodies = " ∥ ".join(review.body.slug.value.upper() for review in procedure.reviews)
        lines.append(f'    state "expert_review ({bodies})" as expert_review')
    lines.append(f"    [*] --> {S.DRAFT.value}")
    reached = set()
    for (source, target), names in sorted(_edges().items()):
        shown = names if procedure is None else _shown(procedure, source, target, names)
        if not shown:
            continue
        reached.add(target)
        lines.append(f"    {source} --> {target}: {', '.join(sorted(shown))}")
    lines += [f"    {state.value} --> [*]" for state in FINAL_STATES if state in reached]
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Print the innovation dossier state machine as mermaid stateDiagram-v2 blocks: the "
        "whole machine, then one per procedure."
    )

    def handle(self, *args, **options):
        self.stdout.write("```mermaid\n" + mermaid() + "\n```")
        with translation.override("en"):
            for procedure in PROCEDURES.values():
                self.stdout.write(f"\n**{procedure.name}** (`{procedure.pathway.value}`)\n")
                self.stdout.write("```mermaid\n" + mermaid(procedure) + "\n```")
