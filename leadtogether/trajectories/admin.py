from django.contrib import admin

from leadtogether.trajectories.models import PLG, Enrolment, Session, Trajectory


@admin.register(Trajectory)
class TrajectoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "start", "end", "follow_up_end"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["trajectory", "person", "research_consent"]
    list_filter = ["trajectory", "research_consent"]
    raw_id_fields = ["person"]


@admin.register(PLG)
class PLGAdmin(admin.ModelAdmin):
    list_display = ["trajectory", "ref", "name", "partnership", "coach"]
    list_filter = ["trajectory"]
    raw_id_fields = ["coach", "partnership"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["trajectory", "ref", "kind", "starts_at", "plg", "status"]
    list_filter = ["trajectory", "kind", "status"]
    raw_id_fields = ["plg", "person"]
