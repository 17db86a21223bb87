"""The reviewers' space (/instruction/): queues as tabs, filters, search."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from governance.roles import is_reviewer
from workflows import access, selectors
from workflows.forms import QueueFilterForm
from workflows.views.common import paginate


@login_required
def queues(request):
    """Reviewers only: hub staff, expert bodies (HAS, ANS, ARS), decision-makers, superusers."""
    user = request.user
    if not is_reviewer(user):
        raise PermissionDenied
    tab = request.GET.get("onglet")
    if tab not in selectors.QUEUES:
        tab = selectors.DEFAULT_QUEUE
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    now = timezone.now()
    dossiers = selectors.queue_for(
        request.user,
        tab,
        region=filters["region"].slug if filters.get("region") else None,
        pathway=filters.get("pathway") or None,
        state=filters.get("state") or None,
        q=filters.get("q") or None,
        now=now,
    )
    page = paginate(request, dossiers)
    access.prefetch_perms(request.user, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("onglet", None)
    return TemplateResponse(
        request,
        "workflows/queues.html",
        {
            "tabs": list(selectors.QUEUES.items()),
            "tab": tab,
            "tab_label": selectors.QUEUES[tab],
            "page": page,
            "form": form,
            "filter_query": query.urlencode(),
            "now": now,
            "follow_ups": list(selectors.follow_ups_for(user, now)),
        },
    )
