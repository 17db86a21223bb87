"""Demo comments on the open consultation, posted through the same services as the site.

Called from ``cms.demo.seed``; idempotent: nothing is added once the demo citizens have spoken.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.comments import services
from cms.models import Comment, ConsultationPage, SpeakerCategory

CITIZENS = ["citoyen", "citoyen2", "citoyen3", "citoyen4"]


def _open_consultation():
    now = timezone.now()
    return (
        ConsultationPage.objects.live()
        .filter(opens_at__lte=now, closes_at__gt=now)
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
    first = services.post_comment(
        consultation,
        lea,
        "Je suis atteinte d'une maladie chronique : pouvoir retrouver tous mes comptes rendus "
        "au même endroit changerait mon quotidien.\nMais qui pourra les lire ?",
        speaker_category=SpeakerCategory.PATIENT,
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
