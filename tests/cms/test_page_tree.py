"""What can be created under what: the page tree cannot be built wrong."""

from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import (
    AxisPage,
    ConsultationIndexPage,
    ConsultationPage,
    ContentPage,
    HomePage,
    RecommendationIndexPage,
    RecommendationPage,
)
from governance.models import Axis, Recommendation


class PageTreeRulesTest(WagtailPageTestCase):
    def test_home_holds_the_two_indexes_and_content_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage, {RecommendationIndexPage, ConsultationIndexPage, ContentPage}
        )

    def test_recommendation_index_holds_axis_pages_only(self):
        self.assertAllowedSubpageTypes(RecommendationIndexPage, {AxisPage})

    def test_axis_page_holds_recommendation_pages_only(self):
        self.assertAllowedSubpageTypes(AxisPage, {RecommendationPage})
        self.assertAllowedParentPageTypes(AxisPage, {RecommendationIndexPage})

    def test_recommendation_page_lives_under_an_axis_page_and_has_no_children(self):
        self.assertAllowedParentPageTypes(RecommendationPage, {AxisPage})
        self.assertAllowedSubpageTypes(RecommendationPage, set())

    def test_consultation_lives_under_the_consultations_index(self):
        self.assertAllowedParentPageTypes(ConsultationPage, {ConsultationIndexPage})
        self.assertAllowedSubpageTypes(ConsultationPage, set())

    def test_recommendation_page_cannot_be_created_under_home_or_index(self):
        self.assertCanNotCreateAt(HomePage, RecommendationPage)
        self.assertCanNotCreateAt(RecommendationIndexPage, RecommendationPage)
        self.assertCanNotCreateAt(ConsultationIndexPage, RecommendationPage)

    def test_consultation_cannot_be_created_under_a_recommendation(self):
        self.assertCanNotCreateAt(RecommendationPage, ConsultationPage)
        self.assertCanNotCreateAt(HomePage, ConsultationPage)
        self.assertCanCreateAt(ConsultationIndexPage, ConsultationPage)

    def test_singletons_cannot_be_created_twice(self):
        home = HomePage.objects.get()
        for model in (RecommendationIndexPage, ConsultationIndexPage):
            assert model.max_count == 1
            assert not model.can_create_at(home)
        assert not HomePage.can_create_at(Page.get_first_root_node())

    def test_abstract_base_page_is_not_creatable(self):
        from cms.models import SitePage

        assert not SitePage.is_creatable


class RecommendationPageBindingTest(WagtailPageTestCase):
    """A recommendation page is bound to one governance recommendation of its own axis."""

    def test_a_recommendation_has_at_most_one_page(self):
        axis_page = AxisPage.objects.get(axis__number=2)
        page = RecommendationPage(recommendation=Recommendation.objects.get(number=8))
        with self.assertRaises(ValidationError) as raised:
            page._cached_parent_obj = axis_page
            page.full_clean()
        assert "recommendation" in raised.exception.message_dict

    def test_page_under_another_axis_is_refused(self):
        recommendation = Recommendation.objects.get(number=8)
        RecommendationPage.objects.filter(recommendation=recommendation).delete()
        page = RecommendationPage(recommendation=recommendation)
        page._cached_parent_obj = AxisPage.objects.get(axis__number=1)
        with self.assertRaises(ValidationError) as raised:
            page.full_clean()
        assert "l'axe 2" in str(raised.exception.message_dict["recommendation"])

    def test_title_and_slug_come_from_the_recommendation(self):
        recommendation = Recommendation.objects.get(number=8)
        RecommendationPage.objects.filter(recommendation=recommendation).delete()
        axis_page = AxisPage.objects.get(axis__number=2)
        page = RecommendationPage(recommendation=recommendation, title="retyped")
        axis_page.add_child(instance=page)
        assert page.title == f"Recommandation 8 : {recommendation.title}"
        assert page.slug == "recommandation-8"

    def test_editors_create_a_recommendation_page_by_picking_the_recommendation(self):
        recommendation = Recommendation.objects.get(number=3)
        RecommendationPage.objects.filter(recommendation=recommendation).delete()
        self.login()
        axis_page = AxisPage.objects.get(axis__number=1)
        self.assertCanCreate(
            axis_page,
            RecommendationPage,
            nested_form_data(
                {"recommendation": recommendation.pk, "slug": "", "body": streamfield([])}
            ),
        )
        page = RecommendationPage.objects.get(recommendation=recommendation)
        assert page.live
        assert page.title.startswith("Recommandation 3 : ")

    def test_admin_refuses_a_recommendation_page_under_another_axis(self):
        recommendation = Recommendation.objects.get(number=8)
        RecommendationPage.objects.filter(recommendation=recommendation).delete()
        self.login()
        axis_page = AxisPage.objects.get(axis__number=1)
        response = self.client.post(
            f"/admin/pages/add/cms/recommendationpage/{axis_page.pk}/",
            nested_form_data(
                {"recommendation": recommendation.pk, "slug": "", "body": streamfield([])}
            ),
        )
        assert response.status_code == 200
        assert not RecommendationPage.objects.filter(recommendation=recommendation).exists()

    def test_governance_title_change_reaches_the_page(self):
        recommendation = Recommendation.objects.get(number=5)
        recommendation.title = "Un titre corrigé"
        recommendation.save()
        assert RecommendationPage.objects.get(recommendation=recommendation).title == (
            "Recommandation 5 : Un titre corrigé"
        )

    def test_axis_pages_are_bound_to_the_four_axes(self):
        assert sorted(AxisPage.objects.values_list("axis__number", flat=True)) == [1, 2, 3, 4]
        assert Axis.objects.count() == 4


class EditorsOpenEveryPageTypeTest(WagtailPageTestCase):
    def test_every_page_type_opens_in_the_editor_and_renders(self):
        from tests.cms.factories import consultation

        self.login()
        pages = [
            HomePage.objects.get(),
            RecommendationIndexPage.objects.get(),
            AxisPage.objects.get(axis__number=1),
            RecommendationPage.objects.get(recommendation__number=1),
            ConsultationIndexPage.objects.get(),
            consultation("closed"),
        ]
        for page in pages:
            response = self.client.get(f"/admin/pages/{page.pk}/edit/")
            assert response.status_code == 200, page
            self.assertPageIsRenderable(page)
