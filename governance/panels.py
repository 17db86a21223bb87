"""Admin add buttons that read as French sentences.

Wagtail words them "Add <label>", which its French catalogue renders "Ajouter un(e) <label>"
whatever the gender; these say "Ajouter un point d'avancement", "Ajouter une question".
"""

from wagtail.admin.panels import InlinePanel


class LabelledInlinePanel(InlinePanel):
    """An ``InlinePanel`` whose add button shows ``add_label``, a whole translated phrase."""

    def __init__(self, relation_name, *args, add_label=None, **kwargs):
        super().__init__(relation_name, *args, **kwargs)
        self.add_label = add_label

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_label": self.add_label}

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "governance/admin/labelled_inline_panel.html"


class AddLabelMixin:
    """A ``ModelViewSet`` whose index "Add" button shows ``add_item_label``, a whole phrase."""

    add_item_label = None

    def get_index_view_kwargs(self, **kwargs):
        if self.add_item_label:
            kwargs.setdefault("add_item_label", self.add_item_label)
        return super().get_index_view_kwargs(**kwargs)
