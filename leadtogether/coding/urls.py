from django.urls import path

from leadtogether.coding.views import codebook

app_name = "coding"
urlpatterns = [
    path("codebook/", codebook.codebook, name="codebook"),
    path("codebook/template/", codebook.codebook_template, name="codebook-template"),
    path("codes/<int:code_id>/", codebook.code_detail, name="code-detail"),
    path("codes/<int:code_id>/move/", codebook.code_move, name="code-move"),
    path("codes/<int:code_id>/delete/", codebook.code_delete, name="code-delete"),
]
