"""Print the dossier state machine as a mermaid ``stateDiagram-v2`` (for the README).

Generated from the model's own ``@transition`` declarations, so the diagram cannot drift.
"""

from django.core.management.base import BaseCommand

from workflows.models import FINAL_STATES, Dossier, DossierState


def mermaid():
    field = Dossier._meta.get_field("state")
    edges = {}
    for transition in field.get_all_transitions(Dossier):
        targets = getattr(transition.target, "allowed_states", None) or [transition.target]
        sources = [transition.source]
        if transition.source in ("*", "+"):
            sources = [state for state in DossierState if state not in FINAL_STATES]
        for source in sources:
            for target in targets:
                edges.setdefault((str(source), str(target)), []).append(transition.name)
    lines = ["stateDiagram-v2", f"    [*] --> {DossierState.DRAFT.value}"]
    for (source, target), names in sorted(edges.items()):
        lines.append(f"    {source} --> {target}: {', '.join(sorted(set(names)))}")
    lines += [f"    {state.value} --> [*]" for state in FINAL_STATES]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the innovation dossier state machine as a mermaid stateDiagram-v2 block."

    def handle(self, *args, **options):
        self.stdout.write("```mermaid\n" + mermaid() + "\n```")
