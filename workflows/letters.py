"""The decision letter (courrier de décision), as a PDF attached to the dossier.

reportlab draws it with an embedded TrueType font (DejaVu Sans when the system has it, else
reportlab's bundled Vera), so accents print everywhere without relying on the reader's fonts.
"""

import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from workflows.models import Attachment, AttachmentKind, ReviewState
from workflows.procedures import procedure_of

FONT_NAME = "LetterSans"
FONT_BOLD = "LetterSans-Bold"
FONT_CANDIDATES = [
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
    (
        Path(reportlab.__file__).parent / "fonts" / "Vera.ttf",
        Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf",
    ),
]


def _register_fonts():
    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return
    for regular, bold in FONT_CANDIDATES:
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(regular)))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
            return
    raise RuntimeError("No TrueType font available for decision letters.")


APPEAL_ROUTES = (
    gettext_lazy(
        "This decision may be challenged within two months of its notification, by an "
        "informal appeal (recours gracieux) to its author or a hierarchical appeal (recours "
        "hiérarchique) to the author's superior. Such an appeal extends the time limit of the "
        "contentious appeal, which runs again from the answer; silence kept for two months is "
        "an implicit rejection."
    ),
    gettext_lazy(
        "It may also be challenged by a contentious appeal (recours contentieux) before the "
        "competent administrative court (tribunal administratif) within two months of its "
        "notification. The court may be seized online through the Télérecours citoyens "
        "application, at www.telerecours.fr."
    ),
)


def _date(moment):
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def _opinion_lines(dossier, body):
    """One line per submitted expert review the decision relied on: body, date, opinion and
    its motivation."""
    reviews = dossier.reviews.filter(state=ReviewState.SUBMITTED).order_by("submitted_at")
    lines = []
    for review in reviews:
        lines.append(
            (
                _("Having regard to the review of %(body)s of %(date)s: %(opinion)s.")
                % {
                    "body": review.get_body_display(),
                    "date": _date(review.submitted_at),
                    "opinion": review.get_opinion_display() or _("written recommendations"),
                },
                body,
            )
        )
        if review.comment:
            lines.append((review.comment, "quote"))
    return lines


def letter_paragraphs(decision):
    """The letter's text as (paragraph, style name) pairs, apart from how it is drawn.

    It carries what an administrative decision needs: the issuing institution, the
    decision-maker's role, the opinions relied on, the reasons and the routes of appeal.
    """
    dossier = decision.dossier
    body, heading, small = "body", "heading", "small"
    authority = procedure_of(dossier).authority
    organisation = dossier.organisation.name if dossier.organisation_id else ""
    filed = (
        [
            (
                _("Having regard to the dossier filed on %(date)s.")
                % {"date": _date(dossier.submitted_at)},
                body,
            )
        ]
        if dossier.submitted_at
        else []
    )
    paragraphs = [
        (_("RÉPUBLIQUE FRANÇAISE"), heading),
        (authority.institution_for(dossier), heading),
        (settings.WAGTAIL_SITE_NAME, body),
        (_date(decision.decided_at), body),
        ("", body),
        (_("Decision on innovation dossier %(reference)s") % {"reference": dossier.reference},
         heading),
        (_("Dossier: %(title)s") % {"title": dossier.title}, body),
        (_("Applicant: %(name)s") % {"name": organisation or dossier.owner.display_name}, body),
        (_("Pathway: %(pathway)s") % {"pathway": dossier.get_pathway_display()}, body),
        ("", body),
        *filed,
        *_opinion_lines(dossier, body),
        ("", body),
        (_("Reasons"), heading),
        (decision.motivation, body),
        ("", body),
        (_("Decision: %(outcome)s") % {"outcome": decision.get_outcome_display()}, heading),
        ("", body),
        (_("Done on %(date)s.") % {"date": _date(decision.decided_at)}, body),
        (decision.decided_by.display_name, body),
        (authority.role, body),
        ("", body),
        (_("Routes and time limits for appeal"), heading),
        *[(text, small) for text in APPEAL_ROUTES],
        ("", body),
        (
            _("This letter was generated by the platform; the dossier's history records every "
              "step of its review."),
            small,
        ),
    ]  # fmt: skip
    return paragraphs


def decision_summary(decision):
    """What the dossier page says of the decision besides its outcome and reasons, from the
    letter's own sources: the issuing institution, the decision-maker's role, the opinions
    relied on and the routes of appeal."""
    dossier = decision.dossier
    authority = procedure_of(dossier).authority
    return {
        "institution": authority.institution_for(dossier),
        "role": authority.role,
        "opinions": [text for text, style in _opinion_lines(dossier, "body") if style == "body"],
        "appeal_routes": APPEAL_ROUTES,
    }


def render_decision_letter(decision):
    """The letter's PDF bytes."""
    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT_NAME, fontSize=10.5, leading=15)
    styles = {
        "body": body,
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18
        ),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        "quote": ParagraphStyle("quote", parent=body, fontSize=9.5, leading=13, leftIndent=1 * cm),
    }
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=_("Decision on dossier %(reference)s") % {"reference": decision.dossier.reference},
        author=settings.WAGTAIL_SITE_NAME,
    )
    story = []
    for text, style_name in letter_paragraphs(decision):
        if text:
            story.append(Paragraph(escape(str(text)).replace("\n", "<br/>"), styles[style_name]))
        story.append(Spacer(1, 0.3 * cm))
    document.build(story)
    return buffer.getvalue()


def attach_decision_letter(decision):
    """Render the letter in the interface language and attach it to the dossier."""
    with translation.override(settings.LANGUAGE_CODE):
        content = render_decision_letter(decision)
    reference = decision.dossier.reference
    name = f"decision-{reference}.pdf"
    attachment = Attachment(
        dossier=decision.dossier,
        kind=AttachmentKind.DECISION_LETTER,
        name=name,
        content_type="application/pdf",
        size=len(content),
        uploaded_by=decision.decided_by,
        uploaded_at=decision.decided_at,
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment
