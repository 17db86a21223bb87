"""HTML routes: the entrepreneur space under /dossiers/, the reviewers' under /instruction/.

The dossier page is one view reachable from both, so links in notifications work for everyone
who may see the dossier.
"""

from django.urls import path

from workflows.views import dossier, entrepreneur, reviewer, statistics, workbench

_dossier_pages = [
    path("<int:pk>/", dossier.dossier_detail, name="dossier"),
    path("<int:pk>/transitions/<str:name>/", dossier.perform_transition, name="transition"),
    # Before the review transitions, whose last segment would otherwise take "fichier".
    path(
        "<int:pk>/avis/<int:review_pk>/fichier/",
        dossier.download_review_file,
        name="review-file",
    ),
    path(
        "<int:pk>/avis/<int:review_pk>/attribution/",
        workbench.assign_review,
        name="review-assign",
    ),
    path(
        "<int:pk>/avis/<int:review_pk>/<str:name>/",
        dossier.perform_review_transition,
        name="review-transition",
    ),
    path("<int:pk>/pieces/", dossier.upload_attachment, name="upload"),
    path("<int:pk>/pieces/<int:attachment_pk>/", dossier.download_attachment, name="attachment"),
    path("<int:pk>/messages/", dossier.post_message, name="message"),
    path("<int:pk>/fichiers/<int:file_pk>/", dossier.download_enclosed_file, name="enclosed-file"),
    path("<int:pk>/attribution/", workbench.assign, name="assign"),
    path("<int:pk>/notes/", workbench.add_note, name="note"),
    path("<int:pk>/versions/", workbench.compare_versions, name="versions"),
]

dossier_patterns = [
    path("", entrepreneur.my_dossiers, name="my-dossiers"),
    path("statistiques/", statistics.pipeline_statistics, name="statistics"),
    path("statistiques.csv", statistics.export_csv, name="statistics-csv"),
    path("statistiques.json", statistics.export_json, name="statistics-json"),
    path("nouveau/", entrepreneur.new_dossier, name="new"),
    path("organisation/", entrepreneur.declare_organisation, name="organisation"),
    path("organisation/rejoindre/", entrepreneur.join_organisation, name="join"),
    path(
        "organisation/demandes/<int:pk>/",
        entrepreneur.decide_join_request,
        name="join-request",
    ),
    path("organisation/membres/", entrepreneur.invite_co_editor, name="invite"),
    path("invitations/", entrepreneur.invitations, name="invitations"),
    path("invitations/<str:token>/", entrepreneur.invitation, name="invitation"),
    path("<int:pk>/modifier/", entrepreneur.edit_dossier, name="edit"),
    *_dossier_pages,
]

instruction_patterns = [
    path("", reviewer.queues, name="queues"),
    path("export.<str:fmt>", reviewer.export_queue, name="export"),
    path("exports/<int:pk>/", reviewer.export_status, name="export-status"),
    path("exports/<int:pk>/fichier/", reviewer.export_file, name="export-file"),
    path("lot/", reviewer.batch, name="batch"),
    *_dossier_pages,
]
