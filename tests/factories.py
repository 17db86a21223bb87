"""Factories shared by every suite; apps add theirs in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group

from governance.models import Recommendation, Region, RegionalHub
from governance.roles import Role, hub_group_name


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up user whose email address is confirmed; ``roles=[...]`` adds groups."""

    class Meta:
        model = "governance.User"
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password("password")

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(*(Group.objects.get(name=name) for name in extracted))


def user_with_role(role, **kwargs):
    return UserFactory(roles=[role], **kwargs)


def hub_staff(region_slug="ile-de-france", **kwargs):
    return UserFactory(roles=[hub_group_name(region_slug)], **kwargs)


def enrol_totp(user):
    """Enrol TOTP the way allauth does (encrypted secret); returns the secret for ``totp_code``."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret):
    """The code an authenticator app shows now for ``secret``, computed by allauth itself."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def region(slug="ile-de-france"):
    return Region.objects.get(slug=slug)


def hub(slug="ile-de-france"):
    return RegionalHub.objects.select_related("region", "group").get(region__slug=slug)


def recommendation(number):
    return Recommendation.objects.get(number=number)


__all__ = [
    "Role",
    "UserFactory",
    "enrol_totp",
    "hub",
    "hub_staff",
    "recommendation",
    "region",
    "totp_code",
    "user_with_role",
]
