"""Demo comments on the open consultation, posted through the same services as the site.

Called from ``cms.demo.seed``; idempotent: nothing is added once the demo citizens have spoken.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from cms.comments import services
from cms.models import Comment, ConsultationPage, SpeakerCategory

CITIZENS = ["citoyen", "citoyen2", "citoyen3", "citoyen4"]


def _open_consultation():
    now = timezone.now()
    return (
        ConsultationPage.objects.live()
        .filter(opens_at__lte=now, closes_at__gt=now, locale__language_code=settings.LANGUAGE_CODE)
        .order_by("closes_at")
        .first()
    )


def seed_comments(stdout):
    consultation = _open_consultation()
    if consultation is None:
        stdout.write("  no open consultation: no demo comments")
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=CITIZENS)}
    if len(users) < len(CITIZENS):
        stdout.write("  demo citizens missing: no demo comments")
        return
    if Comment.objects.filter(consultation=consultation, author__in=users.values()).exists():
        return
    lea, hugo, ines, louis = (users[name] for name in CITIZENS)
    questions = list(consultation.questions.all())
    first_question = questions[0] if questions else None
    first = services.post_comment(
        consultation,
        lea,
        "Je suis atteinte d'une maladie chronique : pouvoir retrouver tous mes comptes rendus "
        "au même endroit changerait mon quotidien.\nMais qui pourra les lire ?",
        speaker_category=SpeakerCategory.PATIENT,
        question=first_question,
    )
    reply = services.post_comment(
        consultation,
        louis,
        "Seuls les professionnels que vous autorisez, et chaque accès est tracé. Voir "
        "https://www.monespacesante.fr pour le détail.",
        parent=first,
        speaker_category=SpeakerCategory.HEALTH_PROFESSIONAL,
        declared_interest="Médecin généraliste, membre d'une CPTS.",
    )
    services.post_comment(
        consultation,
        lea,
        "Merci, c'est rassurant. Et pour les proches aidants ?",
        parent=reply,
        speaker_category=SpeakerCategory.PATIENT,
    )
    second = services.post_comment(
        consultation,
        hugo,
        "L'interopérabilité doit être une condition de tout financement public : trop "
        "de logiciels ne communiquent pas entre eux.",
        speaker_category=SpeakerCategory.INDUSTRY,
        declared_interest="Salarié d'un éditeur de logiciels médicaux.",
    )
    services.post_comment(
        consultation,
        ines,
        "D'accord, et il faut associer les associations de patients aux choix des standards.",
        parent=second,
        speaker_category=SpeakerCategory.ASSOCIATION,
    )
    services.vote(first, hugo, 1)
    services.vote(first, ines, 1)
    services.vote(second, lea, 1)
    services.vote(second, louis, -1)
    # Waits for its author to remove the phone number.
    services.post_comment(
        consultation,
        ines,
        "Je veux bien témoigner de mon parcours, appelez-moi au 06 12 34 56 78.",
    )
    # Hidden after three reports, in the moderators' queue.
    spam = services.post_comment(
        consultation,
        louis,
        "Achetez nos compléments alimentaires miracle sur https://example.com/promo !",
    )
    for reporter in (lea, hugo, ines):
        services.report(spam, reporter, "spam")
    added = Comment.objects.filter(consultation=consultation).count()
    stdout.write(f"  {added} comments on “{consultation.title}”")


def _closed_consultation():
    return (
        ConsultationPage.objects.live()
        .filter(
            closes_at__lte=timezone.now(),
            synthesis_answers__isnull=False,
            locale__language_code=settings.LANGUAGE_CODE,
        )
        .distinct()
        .order_by("-closes_at")
        .first()
    )


def _contribution(consultation, author, body, when, question=None, parent=None, category=""):
    """A contribution made while the consultation was open (the services refuse it now)."""
    comment = Comment(
        consultation=consultation,
        author=author,
        parent=parent,
        question=parent.question if parent else question,
        thread_id=(parent.thread_id or parent.pk) if parent else None,
        depth=parent.depth + 1 if parent else 1,
        body=body,
        speaker_category=category,
        created_at=when,
    )
    comment.publish()
    comment.published_at = when
    comment.save()
    if parent is not None:
        ancestors = {parent.pk, parent.thread_id}
        Comment.objects.filter(pk__in=ancestors).update(reply_count=F("reply_count") + 1)
    return comment


def seed_closed_contributions(stdout, publisher):
    """Contributions on each question of the closed consultation, and official answers that
    link some of them (through a published revision, as an editor would)."""
    consultation = _closed_consultation()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=CITIZENS)}
    if consultation is None or len(users) < len(CITIZENS):
        return
    if Comment.objects.filter(consultation=consultation).exists():
        return
    lea, hugo, ines, louis = (users[name] for name in CITIZENS)
    first_question, second_question = list(consultation.questions.all())[:2]
    start = consultation.opens_at + timedelta(days=3)
    guichet = _contribution(
        consultation,
        hugo,
        "Avant même le premier essai clinique : un guichet unique qui nous oriente vers la "
        "bonne porte éviterait des mois d'errance.",
        start,
        question=first_question,
        category=SpeakerCategory.INDUSTRY,
    )
    _contribution(
        consultation,
        louis,
        "D'accord : en ville, nous voyons arriver des outils qui n'ont jamais été pensés avec "
        "les soignants.",
        start + timedelta(days=1),
        parent=guichet,
        category=SpeakerCategory.HEALTH_PROFESSIONAL,
    )
    gratuit = _contribution(
        consultation,
        ines,
        "Le conseil doit être gratuit pour les petites structures, sinon seules les grandes "
        "entreprises en profiteront.",
        start + timedelta(days=2),
        question=second_question,
        category=SpeakerCategory.ASSOCIATION,
    )
    contraignant = _contribution(
        consultation,
        lea,
        "Un avis écrit, qui engage la HAS pour la suite de l'évaluation.",
        start + timedelta(days=4),
        question=second_question,
        category=SpeakerCategory.PATIENT,
    )
    _contribution(
        consultation,
        hugo,
        "Le calendrier de la consultation était court pour une question aussi structurante.",
        start + timedelta(days=5),
        category=SpeakerCategory.INDUSTRY,
    )
    page = consultation.get_latest_revision_as_object()
    answers = list(page.synthesis_answers.all())
    for answer, contributions in zip(answers, [[guichet], [gratuit], [contraignant]], strict=False):
        answer.contributions = contributions
    page.synthesis_answers = answers
    page.save_revision(user=publisher).publish(user=publisher)
    added = Comment.objects.filter(consultation=consultation).count()
    stdout.write(f"  {added} contributions on “{consultation.title}”")
