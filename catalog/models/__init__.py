"""All catalogue models, imported here so `Base.metadata` is complete for Alembic.

New aggregates (e.g. `models/assessment.py`) add one import line below.
"""

from catalog.models import assessment  # noqa: F401 - registers the assessment tables
from catalog.models.audit import AuditEntry
from catalog.models.base import Base
from catalog.models.broadcast import Channel, Network, TransportStream
from catalog.models.course import Course, Lecture, Module, Rendition
from catalog.models.followup import FollowUpTest
from catalog.models.schedule import AsRun, Occurrence, ScheduleSlot
from catalog.models.upload import Upload
from catalog.models.user import ApiToken, User

__all__ = [
    "ApiToken",
    "AsRun",
    "AuditEntry",
    "Base",
    "Channel",
    "Course",
    "FollowUpTest",
    "Lecture",
    "Module",
    "Network",
    "Occurrence",
    "Rendition",
    "ScheduleSlot",
    "TransportStream",
    "Upload",
    "User",
]
