"""Pagination shared by the apps' lists."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


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

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, count=None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        if count is not None:  # known already (kept, or counted with others)
            self.count = count

    def page(self, number):
        if not hasattr(self.object_list, "query"):
            return super().page(number)
        number, ids = self.page_ids(number)
        rows = list(self.object_list.filter(pk__in=ids)) if ids else []
        return self.page_of(number, rows)

    def page_ids(self, number):
        """``(number, ids)``: the page's number once validated, and its rows' ids in order."""
        number, ids, backwards = self._page_slice(self.validate_number(number))
        ids = list(ids)
        return number, ids[::-1] if backwards else ids

    def get_page_slice(self, number):
        """``(number, ids)`` as ``get_page`` reads ``number`` (not a number: the first page;
        past the end: the last one), with ``ids`` an unevaluated query of the page's ids, in no
        promised order: for a caller that reads the rows of several pages in one query (each
        page's ids a subquery) and orders them itself, then calls ``page_of``."""
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = self.num_pages
        number, ids, _backwards = self._page_slice(number)
        return number, ids

    def _page_slice(self, number):
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values_list("pk", flat=True)
        if self.count_is_exact and bottom > self.count - top:
            return number, ids.reverse()[self.count - top : self.count - bottom], True
        return number, ids[bottom:top], False

    def page_of(self, number, rows):
        return self._get_page(rows, number, self)
