from django.urls import path

from leadtogether.registry import views

app_name = "registry"
urlpatterns = [
    path("schools/", views.school_list, name="school-list"),
    path("schools/new/", views.school_create, name="school-create"),
    path("schools/<str:school_ref>/", views.school_detail, name="school-detail"),
    path("schools/<str:school_ref>/edit/", views.school_edit, name="school-edit"),
    path("partnerships/", views.partnership_list, name="partnership-list"),
    path("partnerships/new/", views.partnership_create, name="partnership-create"),
    path(
        "partnerships/<str:partnership_ref>/",
        views.partnership_detail,
        name="partnership-detail",
    ),
    path(
        "partnerships/<str:partnership_ref>/edit/",
        views.partnership_edit,
        name="partnership-edit",
    ),
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<str:person_ref>/", views.person_detail, name="person-detail"),
    path("people/<str:person_ref>/edit/", views.person_edit, name="person-edit"),
]
