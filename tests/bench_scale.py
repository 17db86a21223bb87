"""Grow a seeded demo database to national scale for `make bench` (BENCH_SCALE=national).

100,000 dossiers and 200,000 comments, written with bulk inserts. Each new dossier copies the
object permissions of a demo dossier in the same state, so reviewers' queues hold realistic
numbers; comments are published threads on the open consultation.

    python -m tests.bench_scale [dossiers] [comments]
"""

import os
import sys
from itertools import cycle

BATCH = 5_000


def grow(dossier_count, comment_count, out=sys.stdout):
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from cms.models import Comment, ConsultationPage
    from workflows.models import Dossier, DossierGroupObjectPermission, DossierUserObjectPermission

    templates = list(Dossier.objects.exclude(state="draft").order_by("pk"))
    year = timezone.now().year
    start_pk = (Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    fields = ["title", "summary", "pathway", "region_id", "hub_id", "organisation_id", "owner_id"]
    made = 0
    for offset in range(0, dossier_count, BATCH):
        size = min(BATCH, dossier_count - offset)
        batch, sources = [], []
        for index, template in zip(range(size), cycle(templates), strict=False):
            pk = start_pk + offset + index
            dossier = Dossier(pk=pk, reference=f"DOS-{year}-{pk:06d}", state=template.state)
            for name in fields:
                setattr(dossier, name, getattr(template, name))
            dossier.title = f"{template.title} ({pk})"
            dossier.stage_due_at = template.stage_due_at
            batch.append(dossier)
            sources.append(template.pk)
        with transaction.atomic():
            Dossier.objects.bulk_create(batch)
            for model, holder in (
                (DossierGroupObjectPermission, "group_id"),
                (DossierUserObjectPermission, "user_id"),
            ):
                rows = {}
                for row in model.objects.filter(content_object_id__in=set(sources)):
                    rows.setdefault(row.content_object_id, []).append(row)
                model.objects.bulk_create(
                    model(
                        content_object_id=dossier.pk,
                        permission_id=row.permission_id,
                        **{holder: getattr(row, holder)},
                    )
                    for dossier, source in zip(batch, sources, strict=True)
                    for row in rows.get(source, [])
                )
        made += size
        out.write(f"\r  dossiers: {made:,}/{dossier_count:,}")
        out.flush()
    out.write("\n")

    consultation = ConsultationPage.objects.live().order_by("-closes_at").first()
    author_ids = list(Comment.objects.values_list("author_id", flat=True).distinct()) or [1]
    now = timezone.now()
    for offset in range(0, comment_count, BATCH):
        size = min(BATCH, comment_count - offset)
        with transaction.atomic():
            created = Comment.objects.bulk_create(
                Comment(
                    consultation=consultation,
                    author_id=author,
                    body=f"Contribution n° {offset + index} : le numérique en santé doit rester "
                    "accessible à toutes et à tous.",
                    state="published",
                    created_at=now,
                    published_at=now,
                )
                for index, author in zip(range(size), cycle(author_ids), strict=False)
            )
            Comment.objects.filter(pk__in=[c.pk for c in created]).update(thread_id=F("pk"))
        out.write(f"\r  comments: {offset + size:,}/{comment_count:,}")
        out.flush()
    out.write("\n")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
    import django

    django.setup()
    counts = [int(arg) for arg in sys.argv[1:3]]
    grow(*(counts + [100_000, 200_000][len(counts) :]))
