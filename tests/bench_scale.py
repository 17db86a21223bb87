"""Grow a seeded demo database to a benchmark scale (`make bench`, ``BENCH_SCALE``).

``national``: 100,000 dossiers over the 18 regions (Île-de-France, the crowded hub, holds
20,000; the others share the rest by population), the five pathways and every state; about
3,000 organisations; 20,000 users; 200,000 comments on the open consultation; 5,000 published
progress updates. ``small`` is a hundredth of it.

Every state is reached once per pathway by the real services (``services.perform`` and
``perform_review``, acted by the demo users): these *templates* are then copied in bulk, each
copy moved to its own region, organisation and reviewers, with the rows the services wrote
(transition log re-chained, reviews, corrections, decisions, follow-ups, versions) and the
object permissions routing gave them, re-targeted to the copy's hub, regional agency and
applicants. So a generated dossier is visible to exactly the users a routed one would be
(``tests/workflows/test_bench_scale.py``) and ``manage.py verify_history`` still passes.

    python -m tests.bench_scale small|national        # DJANGO_SETTINGS_MODULE=governance.settings
"""

import os
import random
import sys
import time
from dataclasses import dataclass

BATCH = 2_000
SEED = 20_261_202
PASSWORD = "demo"  # noqa: S105 (benchmark data, like the demo's)


@dataclass(frozen=True)
class Scale:
    dossiers: int
    crowded: int  # of them in Île-de-France, the crowded hub
    applicant_dossiers: int  # added to the demo entrepreneur's organisation (same at any scale)
    users: int
    organisations: int
    comments: int
    updates: int
    hub_staff: int  # per region
    ars_staff: int  # per region
    experts: int  # per national body (HAS, ANS) and decision-makers


SCALES = {
    "national": Scale(100_000, 20_000, 40, 20_000, 3_000, 200_000, 5_000, 6, 3, 30),
    "small": Scale(1_000, 200, 40, 200, 30, 2_000, 50, 1, 1, 3),
}
CROWDED_REGION = "ile-de-france"
# Population in thousands (INSEE, 2021): how the dossiers of the other regions spread.
POPULATION = {
    "auvergne-rhone-alpes": 8_114, "bourgogne-franche-comte": 2_805, "bretagne": 3_394,
    "centre-val-de-loire": 2_573, "corse": 344, "grand-est": 5_562, "guadeloupe": 384,
    "guyane": 286, "hauts-de-france": 6_004, "la-reunion": 871, "martinique": 361,
    "mayotte": 299, "normandie": 3_325, "nouvelle-aquitaine": 6_033, "occitanie": 5_973,
    "pays-de-la-loire": 3_832, "provence-alpes-cote-d-azur": 5_098, "ile-de-france": 12_317,
}  # fmt: skip
PATHWAY_WEIGHTS = {
    "pecan": 25,
    "forfait-innovation": 20,
    "has-early-dialogue": 15,
    "article-51": 20,
    "mon-espace-sante": 20,
}

# Scenarios: (name, weight, steps). A step "body:name" is a review transition of every body
# of the procedure ("*:accept") or of the first one ("1:submit-suspensive"); the others are
# dossier transitions. A scenario a procedure cannot follow is skipped for it.
SCENARIOS = [
    ("draft", 10, []),
    ("submitted", 8, ["submit"]),
    ("hub_review", 10, ["submit", "take_charge"]),
    ("correction_from_hub", 5, ["submit", "take_charge", "request_correction"]),
    ("resubmitted", 3, ["submit", "take_charge", "request_correction", "resubmit"]),
    ("expert_review", 8, ["submit", "take_charge", "refer_for_review"]),
    ("expert_review_accepted", 8, ["submit", "take_charge", "refer_for_review", "*:accept"]),
    ("correction_from_experts", 2, ["submit", "take_charge", "refer_for_review", "*:accept",
                                    "request_correction"]),
    ("reviewed", 6, ["submit", "take_charge", "refer_for_review", "*:accept", "*:submit"]),
    ("handed_off", 3, ["submit", "take_charge", "hand_off"]),
    ("approved", 12, ["submit", "take_charge", "refer_for_review", "*:accept", "*:submit",
                      "approve"]),
    ("rejected", 8, ["submit", "take_charge", "refer_for_review", "*:accept", "*:submit",
                     "reject"]),
    ("closed", 6, ["submit", "close"]),
    ("withdrawn", 5, ["submit", "withdraw"]),
    ("withdrawn_in_review", 2, ["submit", "take_charge", "refer_for_review", "withdraw"]),
]  # fmt: skip
COMMENT_TEXT = {
    "request_correction": {"comment": "Merci de préciser la classe du marquage CE.",
                           "reason": "incomplete"},
    "resubmit": {"comment": "Classe IIa précisée."},
    "refer_for_review": {"comment": "Dispositif éligible ; avis des organismes experts."},
    "hand_off": {"comment": "Pas de revendication clinique : pas d'avis d'expert nécessaire."},
    "approve": {"comment": "Prise en charge accordée."},
    "reject": {"comment": "Les preuves apportées ne permettent pas d'établir un bénéfice."},
    "close": {"comment": "Projet hors du champ de l'appel."},
    "withdraw": {"comment": "Projet réorienté."},
}  # fmt: skip
BODY_USERS = {"has": "has-adviser", "ans": "ans-expert", "ars": "ars-idf"}


class Progress:
    """A one-line progress bar on ``out`` (stderr by default)."""

    WIDTH = 30

    def __init__(self, out, label, total):
        self.out, self.label, self.total, self.done = out, label, max(total, 1), 0
        self.started = time.monotonic()
        self.advance(0)

    def advance(self, count):
        self.done += count
        filled = self.WIDTH * self.done // self.total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.out.write(f"\r  {self.label:<24} [{bar}] {self.done:>9,}/{self.total:,}")
        self.out.flush()

    def finish(self):
        self.out.write(f"  {time.monotonic() - self.started:.1f} s\n")
        self.out.flush()


def _batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bulk(model, rows, progress=None):
    from django.db import transaction

    for batch in _batches(rows):
        with transaction.atomic():
            model.objects.bulk_create(batch)
        if progress:
            progress.advance(len(batch))


def _reset_sequences(*models):
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _next_pk(model):
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _siret(number):
    from workflows.demo import _with_luhn_key

    return _with_luhn_key(f"7{number:08d}0001")


# People and organisations -----------------------------------------------------------------------


def _people(scale, regions, out):
    """Reviewers of every body, entrepreneurs in organisations, and citizens who comment.

    Returns ``(staff, organisations_by_region, citizens)``: ``staff`` maps a pool name
    (``hub:<slug>``, ``ars:<slug>``, ``has``, ``ans``, ``decision``) to user ids.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from governance.roles import Role, ars_group_name, hub_group_name
    from workflows.models import Membership, Organisation

    user_model = get_user_model()
    rng = random.Random(SEED)
    password = make_password(PASSWORD)
    first = _next_pk(user_model)
    groups = {group.name: group.pk for group in Group.objects.all()}
    pools = {}  # pool name -> (group name, count)
    for region in regions:
        pools[f"hub:{region.slug}"] = (hub_group_name(region.slug), scale.hub_staff)
        pools[f"ars:{region.slug}"] = (ars_group_name(region.slug), scale.ars_staff)
    pools["has"] = (Role.HAS_ADVISER, scale.experts)
    pools["ans"] = (Role.ANS_EXPERT, scale.experts)
    pools["decision"] = (Role.DECISION_MAKER, max(1, scale.experts // 3))
    staff_count = sum(count for _group, count in pools.values())
    members_per_org = 2  # an owner and, on average, one co-editor
    entrepreneurs = scale.organisations * members_per_org
    citizens = max(0, scale.users - staff_count - entrepreneurs)
    total = staff_count + entrepreneurs + citizens
    progress = Progress(out, "users", total)
    users, memberships, kinds = [], [], []
    for pool, (group_name, count) in pools.items():
        for _index in range(count):
            kinds.append(("staff", pool, group_name))
    kinds += [("entrepreneur", None, Role.ENTREPRENEUR)] * entrepreneurs
    kinds += [("citizen", None, None)] * citizens
    for offset, (kind, _pool, _group) in enumerate(kinds):
        username = f"bench-{kind}-{first + offset}"
        users.append(
            user_model(
                pk=first + offset,
                username=username,
                email=f"{username}@bench.sante.gouv.fr",
                first_name=kind.capitalize(),
                last_name=str(first + offset),
                public_name=f"{kind.capitalize()} {first + offset}",
                password=password,
            )
        )
    _bulk(user_model, users, progress)
    _reset_sequences(user_model)
    links = [
        user_model.groups.through(user_id=first + offset, group_id=groups[group])
        for offset, (_kind, _pool, group) in enumerate(kinds)
        if group
    ]
    _bulk(user_model.groups.through, links)
    progress.finish()

    staff = {pool: [] for pool in pools}
    for offset, (kind, pool, _group) in enumerate(kinds):
        if kind == "staff":
            staff[pool].append(first + offset)
    # The demo reviewers act in their pools too.
    demo = dict(
        user_model.objects.filter(
            username__in=["hub-idf", "hub-occ", "ars-idf", "has-adviser", "ans-expert", "decideur"]
        ).values_list("username", "pk")
    )
    staff["hub:ile-de-france"].append(demo["hub-idf"])
    staff["hub:occitanie"].append(demo["hub-occ"])
    staff["ars:ile-de-france"].append(demo["ars-idf"])
    staff["has"].append(demo["has-adviser"])
    staff["ans"].append(demo["ans-expert"])
    staff["decision"].append(demo["decideur"])

    # Organisations: spread like the dossiers, an owner and about one co-editor each.
    entrepreneur_ids = [
        first + offset for offset, (kind, *_rest) in enumerate(kinds) if kind == "entrepreneur"
    ]
    weights = _region_weights(scale, regions)
    region_ids = list(weights)
    # At least one organisation in every region, the others spread like the dossiers.
    org_regions = region_ids + rng.choices(
        region_ids, weights=list(weights.values()), k=scale.organisations - len(region_ids)
    )
    first_org = _next_pk(Organisation)
    organisations, by_region = [], {region.pk: [] for region in regions}
    members_of = {}
    people = iter(entrepreneur_ids)
    co_editors = []
    for index, region_id in enumerate(org_regions):
        pk = first_org + index
        organisations.append(
            Organisation(
                pk=pk,
                name=f"Société {pk}",
                siret=_siret(pk),
                city="Ville",
                postcode="75000",
                region_id=region_id,
            )
        )
        owner = next(people)
        memberships.append(Membership(organisation_id=pk, user_id=owner, role="owner"))
        members_of[pk] = [owner]
        by_region[region_id].append((pk, members_of[pk]))
        co_editors.append(pk)
    for user_id in people:
        pk = rng.choice(co_editors)
        memberships.append(Membership(organisation_id=pk, user_id=user_id, role="co_editor"))
        members_of[pk].append(user_id)
    progress = Progress(out, "organisations", len(organisations))
    _bulk(Organisation, organisations, progress)
    _bulk(Membership, memberships)
    _reset_sequences(Organisation)
    progress.finish()
    citizen_ids = [
        first + offset for offset, (kind, *_rest) in enumerate(kinds) if kind == "citizen"
    ]
    return staff, by_region, citizen_ids


def _region_weights(scale, regions):
    """Region pk -> share of the dossiers: the crowded hub's fixed part, the rest by population."""
    others = {r.pk: POPULATION[r.slug] for r in regions if r.slug != CROWDED_REGION}
    rest = 1 - scale.crowded / scale.dossiers
    total = sum(others.values())
    weights = {pk: rest * population / total for pk, population in others.items()}
    crowded = next(r.pk for r in regions if r.slug == CROWDED_REGION)
    weights[crowded] = scale.crowded / scale.dossiers
    return weights


# Templates: every scenario of every pathway, through the real services ----------------------


def actors(region_slug):
    """Who acts for each party of a region's dossiers: a member of each acting group."""
    from django.contrib.auth import get_user_model

    from governance.roles import Role, ars_group_name, hub_group_name

    groups = {
        "hub": hub_group_name(region_slug),
        "ars": ars_group_name(region_slug),
        "has": Role.HAS_ADVISER,
        "ans": Role.ANS_EXPERT,
        "decision": Role.DECISION_MAKER,
    }
    users = get_user_model().objects.order_by("pk")
    return {party: users.filter(groups__name=name).first() for party, name in groups.items()}


def run_scenario(owner, organisation, pathway, steps, people, title):
    """A dossier moved through ``steps`` (see SCENARIOS) by the real services, acted by
    ``people`` (``actors()``); ``None`` when the procedure cannot follow them."""
    from governance.models import Recommendation
    from workflows import services
    from workflows.models import Dossier, DossierState, RegulatoryStatus
    from workflows.procedures import procedure_of

    procedure = procedure_of(Dossier(pathway=pathway))
    if not procedure.has_decision and {"approve", "reject", "hand_off"} & set(steps):
        return None
    dossier = services.create_dossier(
        owner,
        title=title,
        summary="Solution numérique en santé.",
        product_description="Application mobile et tableau de bord pour les soignants.",
        target_users="Patients et soignants.",
        evidence="Étude pilote monocentrique.",
        regulatory_status=RegulatoryStatus.CE_CLASS_IIA,
        pathway=pathway,
        region=organisation.region,
        recommendations=[Recommendation.objects.order_by("number").first()],
    )
    for step in steps:
        dossier = Dossier.objects.select_related("hub__group", "region").get(pk=dossier.pk)
        if ":" in step:
            _review_steps(dossier, step, procedure, people)
            continue
        if step == "request_correction" and dossier.state == DossierState.EXPERT_REVIEW:
            actor = people[procedure.reviews[0].body.slug]
        elif step in ("submit", "resubmit", "withdraw"):
            actor = owner
        elif step in ("approve", "reject"):
            actor = people["decision"]
        else:
            actor = people["hub"]
        services.perform(dossier, step, actor, **COMMENT_TEXT.get(step, {}))
    return Dossier.objects.get(pk=dossier.pk)


def _templates(owner, organisation, out):
    """One dossier per (pathway, scenario), moved there by the demo users through the services."""
    from django.contrib.auth import get_user_model

    from workflows.models import Pathway

    users = {u.username: u for u in get_user_model().objects.filter(username__in=[
        "hub-idf", "decideur", *BODY_USERS.values()])}  # fmt: skip
    people = {"hub": users["hub-idf"], "decision": users["decideur"]}
    people.update({body: users[username] for body, username in BODY_USERS.items()})
    templates = {}
    plans = [(p, s) for p in Pathway.values for s in SCENARIOS]
    progress = Progress(out, "templates (services)", len(plans))
    for pathway, (name, _weight, steps) in plans:
        title = f"Modèle {pathway} {name}"
        dossier = run_scenario(owner, organisation, pathway, steps, people, title)
        if dossier is not None:
            templates[(pathway, name)] = dossier
        progress.advance(1)
    progress.finish()
    return templates


def _review_steps(dossier, step, procedure, people):
    from workflows import services

    _scope, name = step.split(":")
    for review in dossier.reviews.select_related("group").filter(round=dossier.review_round):
        spec = next(r for r in procedure.reviews if r.body.slug == review.body)
        inputs = {"comment": "Avis motivé."}
        if name == "submit" and spec.scale:
            inputs["opinion"] = spec.scale[0]
        review.dossier = dossier
        services.perform_review(review, name, people[review.body], **inputs)


# Copies ------------------------------------------------------------------------------------------


def _related_models():
    from workflows.models import (
        CorrectionRequest,
        Decision,
        DossierTransition,
        DossierVersion,
        ExpertReview,
        FollowUpObligation,
    )

    return [DossierTransition, ExpertReview, CorrectionRequest, Decision, FollowUpObligation,
            DossierVersion]  # fmt: skip


def _copies(scale, templates, staff, by_region, regions, entrepreneur_org, out):
    """``scale.dossiers`` copies of the templates, spread over regions, pathways and states."""
    from django.contrib.auth.models import Group
    from django.db import models
    from django.utils import timezone

    from governance import history
    from workflows.models import (
        Dossier,
        DossierGroupObjectPermission,
        DossierTransition,
        DossierUserObjectPermission,
        Membership,
    )

    rng = random.Random(SEED + 1)
    now = timezone.now()
    year = now.year
    region_of = {r.pk: r for r in regions}
    hubs = {r.pk: r.hub for r in regions}
    groups = {g.name: g.pk for g in Group.objects.all()}
    weights = _region_weights(scale, regions)
    template_region = next(r for r in regions if r.slug == CROWDED_REGION)
    template_owner = next(iter(templates.values())).owner_id

    # What each template holds: its rows and permissions, read once.
    related = {model: {} for model in _related_models()}
    for model in related:
        for row in model.objects.filter(dossier__in=[t.pk for t in templates.values()]).order_by(
            "pk"
        ):
            related[model].setdefault(row.dossier_id, []).append(row)
    group_perms, user_perms = {}, {}
    for row in DossierGroupObjectPermission.objects.filter(
        content_object__in=[t.pk for t in templates.values()]
    ):
        group_perms.setdefault(row.content_object_id, []).append((row.group_id, row.permission_id))
    for row in DossierUserObjectPermission.objects.filter(
        content_object__in=[t.pk for t in templates.values()], user_id=template_owner
    ):
        user_perms.setdefault(row.content_object_id, []).append(row.permission_id)
    links = {}
    for link in Dossier.recommendations.through.objects.filter(
        dossier__in=[t.pk for t in templates.values()]
    ):
        links.setdefault(link.dossier_id, []).append(link.recommendation_id)
    demo_pools = {
        "hub-idf": "hub",
        "ars-idf": "ars",
        "has-adviser": "has",
        "ans-expert": "ans",
        "decideur": "decision",
    }
    from django.contrib.auth import get_user_model

    demo_ids = dict(
        get_user_model().objects.filter(username__in=demo_pools).values_list("pk", "username")
    )
    idf_hub_group = groups[f"hub:{CROWDED_REGION}"]
    idf_ars_group = groups[f"ars:{CROWDED_REGION}"]

    keys = list(templates)
    pathway_weights = {}
    for pathway, name in keys:
        weight = PATHWAY_WEIGHTS[pathway] * {s[0]: s[1] for s in SCENARIOS}[name]
        pathway_weights[(pathway, name)] = weight
    region_ids = list(weights)
    entrepreneur_members = list(
        Membership.objects.filter(organisation=entrepreneur_org).values_list("user_id", flat=True)
    )

    def plan(index):
        if index < scale.applicant_dossiers:
            return template_region.pk, (entrepreneur_org.pk, entrepreneur_members)
        region_id = rng.choices(region_ids, weights=[weights[r] for r in region_ids])[0]
        return region_id, rng.choice(by_region[region_id])

    # The crowded hub holds exactly ``scale.crowded`` (templates and the applicant's included).
    crowded_left = scale.crowded - scale.applicant_dossiers - len(templates)
    first = _next_pk(Dossier)
    total = scale.dossiers - len(templates)
    progress = Progress(out, "dossiers", total)
    count = 0
    while count < total:
        size = min(BATCH, total - count)
        dossiers, rows, gperms, uperms, recos = [], {m: [] for m in related}, [], [], []
        for index in range(count, count + size):
            region_id, (organisation_id, members) = plan(index)
            if index >= scale.applicant_dossiers and region_id == template_region.pk:
                if crowded_left <= 0:
                    others = [r for r in region_ids if r != template_region.pk]
                    region_id = rng.choices(others, weights=[weights[r] for r in others])[0]
                    organisation_id, members = rng.choice(by_region[region_id])
                else:
                    crowded_left -= 1
            key = rng.choices(keys, weights=[pathway_weights[k] for k in keys])[0]
            template = templates[key]
            region = region_of[region_id]
            pk = first + index
            shift = timezone.timedelta(days=rng.uniform(0, 720), seconds=rng.randint(0, 86_400))
            created = now - shift
            delta = created - template.created_at
            owner = members[0]
            people = {template_owner: owner}
            for demo_pk, username in demo_ids.items():
                pool = demo_pools[username]
                if pool in ("hub", "ars"):
                    pool = f"{pool}:{region.slug}"
                people[demo_pk] = rng.choice(staff[pool])
            group_map = {
                idf_hub_group: groups[f"hub:{region.slug}"],
                idf_ars_group: groups[f"ars:{region.slug}"],
            }

            def copy(row, new, delta=delta, people=people, group_map=group_map, pk=pk):
                for field in type(row)._meta.concrete_fields:
                    if field.primary_key:
                        continue
                    value = getattr(row, field.attname)
                    if isinstance(field, models.ForeignKey):
                        target = field.related_model
                        if target is Dossier:
                            value = pk
                        elif target is Group:
                            value = group_map.get(value, value)
                        elif target is get_user_model():
                            value = people.get(value, value)
                        elif field.name == "letter":
                            value = None
                    elif isinstance(field, models.DateTimeField) and value is not None:
                        value = value + delta
                    elif isinstance(field, models.FileField):
                        value = ""
                    new.__dict__[field.attname] = value  # FSM fields refuse setattr
                return new

            dossier = copy(template, Dossier())
            dossier.pk = pk
            dossier.reference = f"DOS-{created.year if created.year else year}-{pk:06d}"
            dossier.title = f"Solution {pk} ({template.get_pathway_display()})"
            dossier.region_id = region_id
            dossier.hub_id = hubs[region_id].pk if template.hub_id else None
            dossier.organisation_id = organisation_id
            dossier.owner_id = owner
            dossiers.append(dossier)
            for model, by_dossier in related.items():
                previous = ""
                for row in by_dossier.get(template.pk, []):
                    new = copy(row, model())
                    if model is DossierTransition:
                        new.digest_key, new.digest = history.sign(new.chain_content(), previous)
                        previous = new.digest
                    rows[model].append(new)
            for group_id, permission_id in group_perms.get(template.pk, []):
                gperms.append(
                    DossierGroupObjectPermission(
                        group_id=group_map.get(group_id, group_id),
                        permission_id=permission_id,
                        content_object_id=pk,
                    )
                )
            for permission_id in user_perms.get(template.pk, []):
                for user_id in members:
                    uperms.append(
                        DossierUserObjectPermission(
                            user_id=user_id, permission_id=permission_id, content_object_id=pk
                        )
                    )
            for recommendation_id in links.get(template.pk, []):
                recos.append(
                    Dossier.recommendations.through(
                        dossier_id=pk, recommendation_id=recommendation_id
                    )
                )
        _bulk(Dossier, dossiers)
        for model, new_rows in rows.items():
            _bulk(model, new_rows)
        _bulk(DossierGroupObjectPermission, gperms)
        _bulk(DossierUserObjectPermission, uperms)
        _bulk(Dossier.recommendations.through, recos)
        count += size
        progress.advance(size)
    _reset_sequences(Dossier)
    progress.finish()


# Comments and progress -------------------------------------------------------------------------


def _comments(count, citizens, out):
    """``count`` published comments on the open consultation: threads, a third of them replies."""
    from django.utils import timezone

    from cms.models import Comment, ConsultationPage

    rng = random.Random(SEED + 2)
    consultation = (
        ConsultationPage.objects.live()
        .with_status("open")
        .filter(locale__language_code="fr")  # the source, which holds the comments
        .order_by("-closes_at")
        .first()
    )
    questions = [None, *consultation.questions.values_list("pk", flat=True)]
    now = timezone.now()
    first = _next_pk(Comment)
    comments = []
    replies = {}
    for index in range(count):
        pk = first + index
        created = now - timezone.timedelta(seconds=(count - index) * 7)
        parent = None
        if index > 10 and rng.random() < 0.3:
            parent = comments[rng.randrange(max(0, index - 2_000), index)]
            if parent.depth >= 3:
                parent = comments[parent.parent_id - first]
        comment = Comment(
            pk=pk,
            consultation=consultation,
            author_id=rng.choice(citizens) if citizens else None,
            parent_id=parent.pk if parent else None,
            thread_id=parent.thread_id if parent else pk,
            question_id=parent.question_id if parent else rng.choice(questions),
            depth=parent.depth + 1 if parent else 1,
            body=f"Contribution n° {pk} : le numérique en santé doit rester accessible à toutes "
            "et à tous, y compris aux personnes éloignées du numérique.",
            state="published",
            created_at=created,
            published_at=created,
        )
        if parent:
            for ancestor in {parent.pk, parent.thread_id}:
                replies[ancestor] = replies.get(ancestor, 0) + 1
        comments.append(comment)
    for comment in comments:
        comment.reply_count = replies.get(comment.pk, 0)
    progress = Progress(out, "comments", count)
    _bulk(Comment, comments, progress)
    _reset_sequences(Comment)
    progress.finish()
    return consultation


def _progress_updates(count, out):
    """``count`` published progress updates, chained after each recommendation's history."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from governance.models import ProgressUpdate, Recommendation

    rng = random.Random(SEED + 3)
    users = get_user_model().objects
    authors = [users.get(username="ministere").pk, users.get(username="ministere2").pk]
    recommendations = list(Recommendation.objects.order_by("number"))
    now = timezone.now()
    progress = Progress(out, "progress updates", count)
    per = [count // len(recommendations)] * len(recommendations)
    for index in range(count - sum(per)):
        per[index] += 1
    for recommendation, number in zip(recommendations, per, strict=True):
        last = recommendation.updates.published().order_by("-published_at", "-pk").first()
        previous = last.digest if last else ""
        start = recommendation.last_published_at or (now - timezone.timedelta(days=900))
        step = (now - timezone.timedelta(minutes=5) - start) / (number + 1)
        state = (recommendation.status, recommendation.progress, recommendation.rag)
        rows = []
        for index in range(number):
            published = start + step * (index + 1)
            author = authors[index % 2]
            update = ProgressUpdate(
                recommendation=recommendation,
                status="in_progress",
                progress=min(100, state[1] + rng.randint(0, 1)),
                rag=rng.choice(["green", "amber"]),
                rag_reason="",
                comment=f"Point d'étape n° {index + 1} : travaux en cours.",
                author_id=author,
                created_at=published - timezone.timedelta(hours=1),
                published_at=published,
                published_by_id=authors[(index + 1) % 2],
                previous_status=state[0],
                previous_progress=state[1],
                previous_rag=state[2],
            )
            update.digest_key, update.digest = _sign(update, previous)
            previous = update.digest
            state = (update.status, update.progress, update.rag)
            rows.append(update)
        with transaction.atomic():
            ProgressUpdate.objects.bulk_create(rows)
            if rows:
                latest = rows[-1]
                Recommendation.objects.filter(pk=recommendation.pk).update(
                    status=latest.status,
                    progress=latest.progress,
                    rag=latest.rag,
                    rag_reason=latest.rag_reason,
                    last_published_at=latest.published_at,
                )
        progress.advance(number)
    progress.finish()


def _sign(row, previous):
    from governance import history

    return history.sign(row.chain_content(), previous)


# Entry points ------------------------------------------------------------------------------------


def grow_to(scale, out=sys.stderr):
    """Grow the seeded demo database to ``scale`` ("small", "national" or a ``Scale``)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from governance.models import Region
    from workflows.models import Dossier, Organisation

    chosen = SCALES[scale] if isinstance(scale, str) else scale
    started = time.monotonic()
    out.write(
        f"Growing the demo data to {scale} scale: {chosen.dossiers:,} dossiers "
        f"({chosen.crowded:,} in the crowded hub), {chosen.users:,} users, "
        f"{chosen.comments:,} comments, {chosen.updates:,} progress updates\n"
    )
    regions = list(Region.objects.select_related("hub__group").order_by("pk"))
    staff, by_region, citizens = _people(chosen, regions, out)
    entrepreneur = get_user_model().objects.get(username="entrepreneur")
    entrepreneur_org = Organisation.objects.get(memberships__user=entrepreneur)
    # The templates belong to a generated organisation of the crowded hub's region.
    crowded = next(r for r in regions if r.slug == CROWDED_REGION)
    organisation_id, members = by_region[crowded.pk][0]
    owner = get_user_model().objects.get(pk=members[0])
    templates = _templates(owner, Organisation.objects.get(pk=organisation_id), out)
    _copies(
        chosen,
        templates,
        staff,
        by_region,
        regions,
        entrepreneur_org,
        out,
    )
    if chosen.comments:
        _comments(chosen.comments, citizens, out)
    _progress_updates(chosen.updates, out)
    # Bulk inserts send no signal: the kept counts are taken once, as after an import.
    call_command("count_linked_dossiers", stdout=out)
    call_command("count_comments", stdout=out)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    out.write(
        f"Done in {time.monotonic() - started:.0f} s: {Dossier.objects.count():,} dossiers.\n"
    )


def main(argv):
    scale = argv[1] if len(argv) > 1 else os.environ.get("BENCH_SCALE", "national")
    if scale not in SCALES:
        sys.stderr.write(f"usage: python -m tests.bench_scale {'|'.join(SCALES)}\n")
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
    import django

    django.setup()
    grow_to(scale)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
