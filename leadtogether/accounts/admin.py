from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from leadtogether.accounts.models import AuditEntry, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    raw_id_fields = ["partnership"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = [*BaseUserAdmin.fieldsets, (None, {"fields": ["person"]})]
    raw_id_fields = ["person"]
    inlines = [RoleGrantInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    readonly_fields = ["at", "actor", "action", "object_type", "object_id", "detail"]

    def has_add_permission(self, request):  # noqa: ANN001 - Django signature
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001
        return False
