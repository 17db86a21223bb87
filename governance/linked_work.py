"""What other apps link to a recommendation, shown on its barometer entry.

governance never imports cms or workflows, so an app registers a figure in its AppConfig's
``ready()``: a counter called once for all the recommendations shown (one query, however many
there are) and the template that renders its value on an entry.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkedFigure:
    """``count(recommendation_ids) -> {id: value}``; ``template`` gets ``figure.value``."""

    count: object
    template: str


@dataclass(frozen=True)
class Shown:
    template: str
    value: object


_figures = {}


def register(name, *, count, template):
    """Registering the same name twice replaces the figure."""
    _figures[name] = LinkedFigure(count, template)


def attach(recommendations):
    """Set ``linked_work`` on each recommendation: the registered figures, in name order."""
    ids = [recommendation.pk for recommendation in recommendations]
    values = {name: figure.count(ids) for name, figure in sorted(_figures.items())}
    for recommendation in recommendations:
        recommendation.linked_work = [
            Shown(figure.template, values[name].get(recommendation.pk))
            for name, figure in sorted(_figures.items())
        ]
