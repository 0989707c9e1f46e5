from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "leadtogether.interchange"
    default_auto_field = "django.db.models.BigAutoField"
