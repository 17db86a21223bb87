"""A newcomer declares their company by SIRET, looked up in the directory (local stand-in)."""

import pytest
from django.core.cache import cache

from governance.roles import Role
from tests.directory_stand_in import DirectoryStandIn
from tests.factories import UserFactory
from tests.workflows.factories import dossier, entrepreneur, valid_siret
from workflows import access, company_directory
from workflows.models import JoinRequest, MemberRole, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(settings):
    cache.clear()
    with DirectoryStandIn() as stand_in:
        settings.COMPANY_DIRECTORY_URL = stand_in.url
        yield stand_in
    cache.clear()


def test_a_citizen_declares_a_siret_and_becomes_owner_and_entrepreneur(directory, client):
    siret = valid_siret()
    directory.add(siret, "CARDIO CONNECT", region="76", postcode="31000", city="TOULOUSE")
    citizen = UserFactory()
    client.force_login(citizen)
    looked_up = client.post("/dossiers/organisation/", {"siret": siret[:5] + " " + siret[5:]})
    assert looked_up.status_code == 200
    form = looked_up.context["organisation_form"]
    assert form.initial["name"] == "CARDIO CONNECT"
    assert form.initial["region"] == "occitanie"
    assert form.initial["city"] == "TOULOUSE"
    confirmed = client.post(
        "/dossiers/organisation/",
        {"step": "confirm", **form.initial},
    )
    assert confirmed.status_code == 302
    membership = Membership.objects.select_related("organisation").get(user=citizen)
    assert membership.role == MemberRole.OWNER
    assert membership.organisation.postcode == "31000"
    assert citizen.groups.filter(name=Role.ENTREPRENEUR).exists()
    assert client.get("/dossiers/nouveau/").status_code == 200


def test_full_width_digits_are_refused_even_with_a_valid_key(client):
    client.force_login(UserFactory())
    full_width = valid_siret().translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    response = client.post("/dossiers/organisation/", {"siret": full_width})
    assert response.status_code == 400
    assert not Membership.objects.exists()


def test_a_failing_directory_says_so_in_french_and_offers_manual_entry(directory, client):
    directory.fail = True
    client.force_login(UserFactory())
    siret = valid_siret()
    response = client.post("/dossiers/organisation/", {"siret": siret})
    assert response.status_code == 200
    assert (
        "L’annuaire des entreprises ne répond pas" in response.text
        or (response.context["directory_message"])
    )
    assert response.context["organisation_form"].initial == {"siret": siret}
    manual = client.post(
        "/dossiers/organisation/",
        {"step": "confirm", "siret": siret, "name": "Ma société", "region": "bretagne"},
    )
    assert manual.status_code == 302


def test_directory_answers_are_cached(directory):
    siret = valid_siret()
    directory.add(siret, "CACHED SAS")
    assert company_directory.lookup(siret).name == "CACHED SAS"
    directory.fail = True
    assert company_directory.lookup(siret).region == "ile-de-france"
    assert directory.requests == [siret]


def test_a_secondary_establishment_gets_its_own_address(directory):
    head_office, branch = valid_siret(), valid_siret()
    directory.add(head_office, "GROUPE SANTE")
    result = directory.companies[head_office]
    result["matching_etablissements"] = [
        {"siret": branch, "adresse": "1 QUAI X 69002 LYON", "code_postal": "69002",
         "libelle_commune": "LYON", "region": "84"}
    ]  # fmt: skip
    directory.companies[branch] = result
    company = company_directory.lookup(branch)
    assert (company.siret, company.city, company.region) == (branch, "LYON", "auvergne-rhone-alpes")


def test_company_api_answers_the_normalised_directory_entry(directory, client):
    siret = valid_siret()
    directory.add(siret, "API SANTE", region="53", postcode="35000", city="RENNES")
    assert client.get(f"/api/v1/companies/{siret}/").status_code in (401, 403)
    client.force_login(UserFactory())
    response = client.get(f"/api/v1/companies/{siret}/")
    assert response.status_code == 200
    assert response.json() == {
        "siret": siret,
        "name": "API SANTE",
        "address": "12 RUE DE LA SANTE 35000 RENNES",
        "postcode": "35000",
        "city": "RENNES",
        "region": "bretagne",
    }


def test_company_api_refusals(directory, client):
    client.force_login(UserFactory())
    assert client.get("/api/v1/companies/73282932000075/").status_code == 400
    assert client.get(f"/api/v1/companies/{valid_siret()}/").status_code == 404
    directory.fail = True
    assert client.get(f"/api/v1/companies/{valid_siret()}/").status_code == 503


def test_a_colleague_asks_to_join_and_the_owner_accepts(client):
    owner = entrepreneur()
    organisation = Membership.objects.get(user=owner).organisation
    draft = dossier(owner)
    colleague = UserFactory()
    client.force_login(colleague)
    answer = client.post("/dossiers/organisation/", {"siret": organisation.siret})
    assert answer.context["registered_siret"] == organisation.siret
    assert (
        client.post("/dossiers/organisation/rejoindre/", {"siret": organisation.siret}).status_code
        == 302
    )
    join_request = JoinRequest.objects.get(user=colleague)
    assert not Membership.objects.filter(user=colleague).exists()
    assert not access.can_view(colleague, draft)
    client.force_login(owner)
    assert colleague.email in client.get("/dossiers/").text
    client.post(f"/dossiers/organisation/demandes/{join_request.pk}/", {"decision": "accept"})
    assert Membership.objects.get(user=colleague).role == MemberRole.CO_EDITOR
    assert colleague.groups.filter(name=Role.ENTREPRENEUR).exists()
    access.forget_perms(draft)
    assert access.can_view(colleague, draft)


def test_a_refused_request_to_join_grants_nothing(client):
    owner = entrepreneur()
    organisation = Membership.objects.get(user=owner).organisation
    colleague = UserFactory()
    client.force_login(colleague)
    client.post("/dossiers/organisation/rejoindre/", {"siret": organisation.siret})
    join_request = JoinRequest.objects.get(user=colleague)
    stranger = entrepreneur()
    client.force_login(stranger)
    response = client.post(
        f"/dossiers/organisation/demandes/{join_request.pk}/", {"decision": "accept"}
    )
    assert response.status_code in (403, 404)
    client.force_login(owner)
    client.post(f"/dossiers/organisation/demandes/{join_request.pk}/", {"decision": "refuse"})
    assert not Membership.objects.filter(user=colleague).exists()
    assert not colleague.groups.exists()
