"""Pagination shared by the apps' lists."""

from django.core.paginator import Paginator


class IdsFirstPaginator(Paginator):
    """Reads a page in two steps: the ids of its rows, then those rows by primary key.

    The first query holds only the list's filter and sort, so PostgreSQL answers it from an
    index that holds both (a walk along the index, however deep the page) and plans it quickly;
    the second joins and annotates the page's rows alone. A plain ``OFFSET`` reads every row it
    skips, and a list that joins before it sorts joins every row it sorts: on a page in the
    middle of 200,000 comments, or a queue tab of thousands of dossiers, tens to hundreds of
    milliseconds."""

    def page(self, number):
        if not hasattr(self.object_list, "query"):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = list(self.object_list.filter(pk__in=ids)) if ids else []
        return self._get_page(rows, number, self)
