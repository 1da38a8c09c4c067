from django.urls import path

from suppliers import views

app_name = "suppliers"

urlpatterns = [
    path("", views.SupplierListView.as_view(), name="supplier_list"),
    path("add/", views.SupplierEditView.as_view(), name="supplier_add"),
    path("export/", views.SupplierExportView.as_view(), name="supplier_export"),
    path("import/", views.SupplierImportView.as_view(), name="supplier_import"),
    path("options/", views.SupplierOptionsView.as_view(), name="supplier_options"),
    path("duplicates/", views.DuplicateListView.as_view(), name="supplier_duplicates"),
    path(
        "duplicates/reject/", views.DuplicateRejectView.as_view(), name="supplier_duplicate_reject"
    ),
    path("<int:pk>/merge/<int:other>/", views.SupplierMergeView.as_view(), name="supplier_merge"),
    path("<int:pk>/", views.SupplierDetailView.as_view(), name="supplier_detail"),
    path("<int:pk>/edit/", views.SupplierEditView.as_view(), name="supplier_edit"),
    path("<int:pk>/delete/", views.SupplierDeleteView.as_view(), name="supplier_delete"),
    path("<int:pk>/aliases/add/", views.SupplierAliasAddView.as_view(), name="supplieralias_add"),
    path(
        "aliases/<int:pk>/edit/", views.SupplierAliasEditView.as_view(), name="supplieralias_edit"
    ),
    path(
        "aliases/<int:pk>/delete/",
        views.SupplierAliasDeleteView.as_view(),
        name="supplieralias_delete",
    ),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/add/", views.AgreementEditView.as_view(), name="agreement_add"),
    path("agreements/export/", views.AgreementExportView.as_view(), name="agreement_export"),
    path("agreements/import/", views.AgreementImportView.as_view(), name="agreement_import"),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.AgreementEditView.as_view(), name="agreement_edit"),
    path(
        "agreements/<int:pk>/delete/",
        views.AgreementDeleteView.as_view(),
        name="agreement_delete",
    ),
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    path("sites/add/", views.SiteEditView.as_view(), name="site_add"),
    path("sites/export/", views.SiteExportView.as_view(), name="site_export"),
    path("sites/import/", views.SiteImportView.as_view(), name="site_import"),
    path("sites/<int:pk>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<int:pk>/edit/", views.SiteEditView.as_view(), name="site_edit"),
    path("sites/<int:pk>/delete/", views.SiteDeleteView.as_view(), name="site_delete"),
    path(
        "sites/<int:pk>/suppliers/add/",
        views.SupplierSiteAddView.as_view(),
        name="suppliersite_add",
    ),
    path(
        "sites/suppliers/<int:pk>/edit/",
        views.SupplierSiteEditView.as_view(),
        name="suppliersite_edit",
    ),
    path(
        "sites/suppliers/<int:pk>/delete/",
        views.SupplierSiteDeleteView.as_view(),
        name="suppliersite_delete",
    ),
]
