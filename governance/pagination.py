"""Pagination shared by the apps' lists."""

from django.core.paginator import Paginator


class IdsFirstPaginator(Paginator):
    """Reads a page in two steps: the ids of its rows, then those rows by primary key.

    The first query holds only the list's filter and sort, so PostgreSQL answers it from an
    index that holds both (a walk along the index, however deep the page) and plans it quickly;
    the second joins and annotates the page's rows alone. A plain ``OFFSET`` reads every row it
    skips, and a list that joins before it sorts joins every row it sorts: on a page in the
    middle of 200,000 comments, or a queue tab of thousands of dossiers, tens to hundreds of
    milliseconds.

    A page past the middle is read from the end, in the reverse order, then turned back: the
    walk is never longer than half the list, and the last page costs what the first does."""

    # False where ``count`` may stop short of the rows there are (a capped count): reading from
    # the end needs the exact number.
    count_is_exact = True

    def page(self, number):
        if not hasattr(self.object_list, "query"):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self._ids(bottom, top)
        rows = list(self.object_list.filter(pk__in=ids)) if ids else []
        return self._get_page(rows, number, self)

    def _ids(self, bottom, top):
        ids = self.object_list.values_list("pk", flat=True)
        if self.count_is_exact and bottom > self.count - top:
            return list(ids.reverse()[self.count - top : self.count - bottom])[::-1]
        return list(ids[bottom:top])
