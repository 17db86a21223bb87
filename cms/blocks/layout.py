"""Layout blocks: content folded into DSFR accordions."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blocks.text import RICH_TEXT_FEATURES


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    body = blocks.RichTextBlock(label=_("Content"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    """A group of DSFR accordions, for details most readers may skip."""

    items = blocks.ListBlock(AccordionItemBlock(), label=_("Sections"), min_num=1)

    class Meta:
        template = "cms/blocks/accordion.html"
        icon = "list-ul"
        label = _("Accordion")
        description = _("Foldable sections, each with a title and content.")
        preview_value = {
            "items": [
                {"title": "Contexte", "body": "<p>Le rapport a été remis en juin 2020.</p>"},
                {"title": "Mise en œuvre", "body": "<p>Plusieurs étapes sont prévues.</p>"},
            ]
        }
