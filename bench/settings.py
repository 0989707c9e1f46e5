"""The platform's settings with the bench's URLs: the site plus a one-row insert."""

from leadtogether.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
