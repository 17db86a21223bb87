import pytest

from tests.workflows.factories import Cast


@pytest.fixture
def cast(db):
    return Cast()
