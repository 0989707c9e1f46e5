from django.contrib import admin

from leadtogether.registry.models import Partnership, Person, School


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["ref", "name", "level", "network", "region"]
    search_fields = ["ref", "name"]
    list_filter = ["level", "network"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["ref", "name", "form", "participation", "learning_level"]
    search_fields = ["ref", "name"]
    filter_horizontal = ["schools"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["ref", "last_name", "first_name", "email", "school", "function_category"]
    search_fields = ["ref", "last_name", "first_name", "email"]
    list_select_related = ["school"]
