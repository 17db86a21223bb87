"""What the dossier views share: finding a visible dossier, paginating, reporting refusals."""

from django.http import Http404

from governance.errors import NotPermitted, NotVisible
from workflows import selectors
from workflows.pagination import CappedPaginator

PAGE_SIZE = 25


def visible_dossier_or_404(user, pk):
    dossier = selectors.dossier_for(user, pk)
    if dossier is None:
        raise Http404
    return dossier


def raise_for(error):
    """404 and 403 refusals go to Django's handlers (they are its own types); the others are
    shown on the page."""
    if isinstance(error, NotVisible | NotPermitted):
        raise error


def paginate(request, queryset):
    paginator = CappedPaginator(queryset, PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def add_service_errors(form, error):
    """A service's refusal shown on ``form``: each message at its field, or above the form."""
    for field, messages in error.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
    if not error.errors:
        form.add_error(None, error.message)
