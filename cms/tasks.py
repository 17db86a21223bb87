"""Background work of the CMS (django.tasks): emails about citizens' comments."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import Comment, ModerationAction, ModerationActionKind


def _send(subject, template, context, to):
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, {"site_url": settings.WAGTAILADMIN_BASE_URL, **context})
        subject = str(subject)
    return EmailMessage(subject, body, to=[to]).send()


@task
def notify_reply(comment_id):
    """Tell a comment's author that someone replied to it."""
    reply = Comment.objects.select_related("parent__author", "author", "consultation").get(
        pk=comment_id
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New reply to your comment on “%(title)s”") % {
            "title": reply.consultation.title
        }
    return _send(
        subject, "cms/comments/email/reply.txt", {"reply": reply}, reply.parent.author.email
    )


@task
def notify_synthesis(consultation_id, user_id):
    """Tell one participant that the synthesis of a consultation they took part in is out."""
    from django.contrib.auth import get_user_model

    from cms.models import ConsultationPage

    consultation = ConsultationPage.objects.get(pk=consultation_id)
    user = get_user_model().objects.get(pk=user_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("The synthesis of “%(title)s” is published") % {"title": consultation.title}
    return _send(
        subject,
        "cms/comments/email/synthesis.txt",
        {"consultation": consultation, "user": user},
        user.email,
    )


SUBJECTS = {
    ModerationActionKind.PUBLISH: gettext_lazy("Your comment is published"),
    ModerationActionKind.HIDE: gettext_lazy("Your comment has been hidden by a moderator"),
    ModerationActionKind.AUTO_HIDE: gettext_lazy("Your comment is hidden pending moderation"),
    ModerationActionKind.RESTORE: gettext_lazy("Your comment is published again"),
    ModerationActionKind.REJECT_APPEAL: gettext_lazy("Your appeal has been rejected"),
    ModerationActionKind.BLOCK_USER: gettext_lazy(
        "Your account can no longer take part in consultations"
    ),
}


@task
def notify_moderation_decision(action_id):
    """Tell the person concerned what a moderator decided, with the statement of reasons."""
    action = ModerationAction.objects.select_related("comment__consultation", "user").get(
        pk=action_id
    )
    if action.action not in SUBJECTS or action.user is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = SUBJECTS[action.action]
    return _send(
        subject,
        "cms/comments/email/moderation_decision.txt",
        {"action": action, "comment": action.comment},
        action.user.email,
    )
