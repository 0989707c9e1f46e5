"""Admin views of surveys. Questions, options and answers are changed through the
builder and the services (which keep versions and answers consistent); here they are
read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from leadtogether.surveys.models import (
    Answer,
    Choice,
    Instrument,
    InstrumentVersion,
    Invitation,
    MeasurementMoment,
    MomentInstrument,
    Question,
    Response,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VersionInline(ReadOnlyInline):
    model = InstrumentVersion
    fields = ["number", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["key", "name_nl", "name_en"]
    search_fields = ["key", "name_nl", "name_en"]
    inlines = [VersionInline]


class QuestionInline(ReadOnlyInline):
    model = Question
    fields = ["position", "code", "kind", "required", "page", "text_nl", "show_if_question"]


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(ReadOnlyAdmin):
    list_display = ["instrument", "number", "created_at"]
    list_filter = ["instrument"]
    inlines = [QuestionInline]


class ChoiceInline(ReadOnlyInline):
    model = Choice
    fields = ["position", "code", "label_nl", "label_en"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["version", "position", "code", "kind", "required"]
    list_filter = ["version__instrument", "kind"]
    search_fields = ["code", "text_nl", "text_en"]
    list_select_related = ["version__instrument"]
    inlines = [ChoiceInline]


class MomentInstrumentInline(ReadOnlyInline):
    model = MomentInstrument
    fields = ["position", "version"]


@admin.register(MeasurementMoment)
class MeasurementMomentAdmin(admin.ModelAdmin):
    list_display = ["trajectory", "key", "name", "kind", "opens_on", "closes_on"]
    list_filter = ["trajectory", "kind"]
    fields = ["trajectory", "key", "kind", "name", "position", "opens_on", "closes_on"]
    inlines = [MomentInstrumentInline]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["moment", "person", "sent_at", "reminder_count", "completed_at"]
    list_filter = ["moment__trajectory", "moment"]
    search_fields = ["person__last_name", "person__first_name", "person__ref"]
    list_select_related = ["moment", "person"]
    exclude = ["token"]  # a personal link is not shown to administrators


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["question", "value", "answered_at"]
    show_change_link = False


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["moment", "person", "version", "status", "source", "submitted_at"]
    list_filter = ["moment__trajectory", "status", "source"]
    list_select_related = ["moment", "person", "version__instrument"]
    inlines = [AnswerInline]
