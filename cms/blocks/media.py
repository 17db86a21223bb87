"""Media blocks: images with a caption and links to Wagtail documents."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=300,
        help_text=_("Leave empty when the image is decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        template = "cms/blocks/image.html"
        icon = "image"
        label = _("Image")
        description = _("An image with its alternative text and an optional caption.")
        preview_value = {"alt_text": "", "caption": "Légende de l'image"}


class DocumentLinkBlock(blocks.StructBlock):
    """A DSFR download link to a Wagtail document, with its format and size."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("The document's title when left empty."),
    )

    class Meta:
        template = "cms/blocks/document_link.html"
        icon = "doc-full"
        label = _("Document")
        description = _("A link to download a document.")
        preview_value = {"title": "Rapport du CNNum (PDF)"}
