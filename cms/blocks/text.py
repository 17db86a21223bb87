"""Text blocks: paragraphs, callouts, quotes and key figures."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        template = "cms/blocks/paragraph.html"
        icon = "pilcrow"
        label = _("Paragraph")
        description = _("Rich text: headings, lists, links.")
        preview_value = (
            "<p>Le Conseil national du numérique recommande de <b>clarifier</b> le rôle de "
            "chaque institution.</p>"
        )


class CalloutBlock(blocks.StructBlock):
    """A DSFR callout (mise en avant) that draws attention to one message."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        template = "cms/blocks/callout.html"
        icon = "warning"
        label = _("Callout")
        description = _("A highlighted message, with an optional title.")
        preview_value = {
            "title": "À retenir",
            "text": "La consultation publique est ouverte jusqu'à la fin du mois.",
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    author = blocks.CharBlock(label=_("Author"), required=False, max_length=200)
    source = blocks.CharBlock(label=_("Source"), required=False, max_length=300)

    class Meta:
        template = "cms/blocks/quote.html"
        icon = "openquote"
        label = _("Quote")
        description = _("A quotation with its author and source.")
        preview_value = {
            "text": "Le numérique en santé doit être un levier de confiance.",
            "author": "Conseil national du numérique",
            "source": "Rapport de juin 2020",
        }


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=40)
    label = blocks.CharBlock(label=_("What it counts"), max_length=200)


class KeyFiguresBlock(blocks.StructBlock):
    """A row of figures (e.g. "18 recommendations") shown as DSFR tiles."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Figures"), min_num=1, max_num=6)

    class Meta:
        template = "cms/blocks/key_figures.html"
        icon = "table"
        label = _("Key figures")
        description = _("Up to six figures with what they count.")
        preview_value = {
            "title": "Chiffres clés",
            "figures": [
                {"value": "18", "label": "recommandations"},
                {"value": "4", "label": "axes"},
            ],
        }
