import pytest
from rest_framework.test import APIClient

from tests.cms.comments.factories import consultation_page
from tests.factories import Role, UserFactory, user_with_role


@pytest.fixture
def consultation(db):
    return consultation_page()


@pytest.fixture
def closed_consultation(db):
    return consultation_page(opens_in_days=-30, closes_in_days=-1)


@pytest.fixture
def upcoming_consultation(db):
    return consultation_page(opens_in_days=2, closes_in_days=30)


@pytest.fixture
def citizen(db):
    return UserFactory()


@pytest.fixture
def other_citizen(db):
    return UserFactory()


@pytest.fixture
def moderator(db):
    return user_with_role(Role.MODERATOR)


@pytest.fixture
def api_as():
    """An API client authenticated as ``user``: ``api_as(user)``."""

    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for
