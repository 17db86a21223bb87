"""What the dossier views share: finding a visible dossier, paginating, reporting refusals."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404

from workflows import selectors
from workflows.errors import NotPermitted, NotVisible, UnknownTransition

PAGE_SIZE = 25


def visible_dossier_or_404(user, pk):
    dossier = selectors.dossier_for(user, pk)
    if dossier is None:
        raise Http404
    return dossier


def raise_for(error):
    """404 and 403 refusals become Django's; the others are shown on the page."""
    if isinstance(error, NotVisible | UnknownTransition):
        raise Http404 from error
    if isinstance(error, NotPermitted):
        raise PermissionDenied(str(error.message)) from error


def paginate(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
