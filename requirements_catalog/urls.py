from django.urls import path

from requirements_catalog import views

app_name = "requirements_catalog"

urlpatterns = [
    path("instruments/", views.InstrumentListView.as_view(), name="instrument_list"),
    path("instruments/add/", views.InstrumentEditView.as_view(), name="instrument_add"),
    path("instruments/clauses/export/", views.ClauseExportView.as_view(), name="clause_export"),
    path("instruments/clauses/import/", views.ClauseImportView.as_view(), name="clause_import"),
    path("instruments/<int:pk>/", views.InstrumentDetailView.as_view(), name="instrument_detail"),
    path("instruments/<int:pk>/edit/", views.InstrumentEditView.as_view(), name="instrument_edit"),
    path(
        "instruments/<int:pk>/delete/",
        views.InstrumentDeleteView.as_view(),
        name="instrument_delete",
    ),
    # A new draft of the instrument <pk>.
    path(
        "instruments/<int:pk>/versions/add/",
        views.InstrumentVersionAddView.as_view(),
        name="instrumentversion_add",
    ),
    path(
        "versions/<int:pk>/",
        views.InstrumentVersionDetailView.as_view(),
        name="instrumentversion_detail",
    ),
    path(
        "versions/<int:pk>/edit/",
        views.InstrumentVersionEditView.as_view(),
        name="instrumentversion_edit",
    ),
    path(
        "versions/<int:pk>/delete/",
        views.InstrumentVersionDeleteView.as_view(),
        name="instrumentversion_delete",
    ),
    path(
        "versions/<int:pk>/publish/",
        views.InstrumentVersionPublishView.as_view(),
        name="instrumentversion_publish",
    ),
    path(
        "versions/<int:pk>/document/",
        views.InstrumentVersionDocumentView.as_view(),
        name="instrumentversion_document",
    ),
    # A new clause of the draft <pk>.
    path("versions/<int:pk>/clauses/add/", views.ClauseAddView.as_view(), name="clause_add"),
    path("clauses/<int:pk>/edit/", views.ClauseEditView.as_view(), name="clause_edit"),
    path("clauses/<int:pk>/delete/", views.ClauseDeleteView.as_view(), name="clause_delete"),
    path("clauses/<int:pk>/move/", views.ClauseMoveView.as_view(), name="clause_move"),
]
