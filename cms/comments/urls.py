"""Comment pages, mounted under /consultations/commentaires/ (before Wagtail's catch-all)."""

from django.urls import path

from cms.comments import views

urlpatterns = [
    path("nouveau/<int:consultation_id>/", views.comment_create, name="comment-create"),
    path("<int:pk>/repondre/", views.comment_reply, name="comment-reply"),
    path("<int:pk>/modifier/", views.comment_edit, name="comment-edit"),
    path("<int:pk>/supprimer/", views.comment_delete, name="comment-delete"),
    path("<int:pk>/vote/", views.comment_vote, name="comment-vote"),
    path("<int:pk>/signaler/", views.comment_report, name="comment-report"),
    path("<int:pk>/recours/", views.comment_appeal, name="comment-appeal"),
]
