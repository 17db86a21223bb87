"""Stale recommendations: flagged, and their leads and the ministry emailed by a task."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from governance.models import Recommendation, RecommendationStatus
from governance.selectors import stale_recommendations
from tests.factories import UserFactory, recommendation
from tests.governance.factories import ministry_user, published_update

pytestmark = pytest.mark.django_db


def _age(number, days):
    Recommendation.objects.filter(number=number).update(
        last_published_at=timezone.now() - datetime.timedelta(days=days)
    )


def _fresh_except(*numbers):
    Recommendation.objects.exclude(number__in=numbers).update(last_published_at=timezone.now())


def test_recommendation_without_update_for_90_days_is_stale(settings):
    settings.PROGRESS_STALE_AFTER_DAYS = 90
    _fresh_except(4, 5)
    _age(4, 91)
    _age(5, 89)
    assert [r.number for r in stale_recommendations()] == [4]


def test_never_updated_is_stale_but_settled_ones_are_not():
    _fresh_except(6, 7)
    Recommendation.objects.filter(number=6).update(last_published_at=None)
    Recommendation.objects.filter(number=7).update(
        last_published_at=None, status=RecommendationStatus.IMPLEMENTED
    )
    assert [r.number for r in stale_recommendations()] == [6]


def test_publishing_an_update_makes_it_fresh():
    _fresh_except(10)
    published_update()
    assert not stale_recommendations().exists()


def test_command_emails_leads_and_ministry_once(mailoutbox):
    _fresh_except(10)
    lead = recommendation(10).lead_institutions.first()
    assert lead is not None
    lead.email = "pilotage@ans.example"
    lead.save()
    ministry_user(email="agent@sante.example")
    UserFactory(email="citoyen@example.org")

    call_command("send_progress_reminders", stdout=io.StringIO())

    assert sorted(message.to for message in mailoutbox) == [
        ["agent@sante.example"],
        ["pilotage@ans.example"],
    ]
    assert all("10" in message.subject for message in mailoutbox)
    assert recommendation(10).reminder_sent_at is not None

    call_command("send_progress_reminders", stdout=io.StringIO())
    assert len(mailoutbox) == 2


def test_each_recipient_gets_their_own_message_without_the_others_addresses(mailoutbox):
    _fresh_except(10)
    recommendation(10).lead_institutions.update(email="")
    addresses = [f"agent{i}@sante.example" for i in range(3)]
    for address in addresses:
        ministry_user(email=address)

    call_command("send_progress_reminders", stdout=io.StringIO())

    assert len(mailoutbox) == len(addresses)
    for message in mailoutbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        headers_and_body = message.message().as_string()
        others = [address for address in addresses if address != message.to[0]]
        assert not any(address in headers_and_body for address in others)
    assert sorted(message.to[0] for message in mailoutbox) == addresses
