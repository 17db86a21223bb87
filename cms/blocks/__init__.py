"""StreamField blocks rendered with DSFR components, grouped by role (text, media, layout)."""

from wagtail import blocks

from cms.blocks.layout import AccordionBlock
from cms.blocks.media import DocumentLinkBlock, ImageWithCaptionBlock
from cms.blocks.text import CalloutBlock, KeyFiguresBlock, ParagraphBlock, QuoteBlock


class BodyBlock(blocks.StreamBlock):
    """The rich body of recommendation and consultation pages."""

    paragraph = ParagraphBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    key_figures = KeyFiguresBlock()
    image = ImageWithCaptionBlock()
    document = DocumentLinkBlock()
    accordion = AccordionBlock()


__all__ = [
    "AccordionBlock",
    "BodyBlock",
    "CalloutBlock",
    "DocumentLinkBlock",
    "ImageWithCaptionBlock",
    "KeyFiguresBlock",
    "ParagraphBlock",
    "QuoteBlock",
]
